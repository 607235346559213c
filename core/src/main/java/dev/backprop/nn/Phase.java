package dev.backprop.nn;

/** Whether a forward pass trains (dropout active, batch statistics) or evaluates (deterministic). */
public enum Phase {
    TRAIN,
    EVAL
}
