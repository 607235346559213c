/**
 * Differentiable primitives. Each op is one final class whose {@code forward} returns the value and its pullback side by
 * side; compositions (softmax, layer norm, LSTM cells) live above and get their gradients for free.
 */
package dev.backprop.autograd;
