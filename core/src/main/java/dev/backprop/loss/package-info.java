/**
 * Training objectives: mean squared and absolute error, Huber, binary cross-entropy on probabilities and on logits,
 * categorical cross-entropy from logits (indices or distributions, label smoothing), negative log-likelihood.
 */
package dev.backprop.loss;
