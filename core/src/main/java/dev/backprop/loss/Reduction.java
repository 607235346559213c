package dev.backprop.loss;

/** How per-example losses become the loss: their mean (default), their sum, or the vector itself. */
public enum Reduction {
    MEAN,
    SUM,
    NONE
}
