/**
 * Optimisers (SGD, momentum and Nesterov, Adagrad, RMSprop, Adam, AdamW), L2 and decoupled weight decay, gradient
 * clipping, learning-rate schedules.
 */
package dev.backprop.optim;
