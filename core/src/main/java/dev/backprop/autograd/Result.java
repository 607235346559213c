package dev.backprop.autograd;

import dev.backprop.array.NdArray;

/** What a forward returns: the value and the pullback that differentiates it. */
public record Result(NdArray value, Pullback pullback) {}
