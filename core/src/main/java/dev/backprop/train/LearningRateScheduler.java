package dev.backprop.train;

import dev.backprop.optim.LearningRateSchedule;

/** Sets the optimiser's learning rate at the start of each epoch from a schedule and the rate it had at the start. */
public final class LearningRateScheduler implements Callback {
    private final LearningRateSchedule schedule;
    private double base;

    public LearningRateScheduler(LearningRateSchedule schedule) {
        this.schedule = schedule;
    }

    @Override
    public void onTrainBegin(TrainingState state) {
        base = state.optimizer().learningRate();
    }

    @Override
    public void onEpochBegin(TrainingState state) {
        state.optimizer().setLearningRate(schedule.rate(state.epoch(), base));
    }
}
