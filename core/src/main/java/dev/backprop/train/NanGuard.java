package dev.backprop.train;

/** Stops training at the first non-finite batch loss, naming where it happened (Keras's {@code TerminateOnNaN}). */
public final class NanGuard implements Callback {
    @Override
    public void onBatchEnd(TrainingState state, int batch, double loss) {
        if (!Double.isFinite(loss)) {
            state.requestStop("the loss became " + loss + " at epoch " + (state.epoch() + 1) + ", batch " + (batch + 1)
                    + "; try a lower learning rate, gradient clipping, or check the data for NaN");
        }
    }
}
