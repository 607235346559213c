/**
 * The training workflow: {@link dev.backprop.train.Trainer} ({@code fit}, {@code evaluate}, {@code predict}),
 * {@link dev.backprop.train.History}, and callbacks: early stopping, checkpoints, CSV logging, learning-rate schedules
 * and plateaus, a NaN guard, a progress bar.
 */
package dev.backprop.train;
