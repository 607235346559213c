package dev.backprop.train;

/** Whether a monitored value should go down ({@code MIN}), up ({@code MAX}), or is guessed from its name. */
public enum Mode {
    MIN,
    MAX,
    AUTO
}
