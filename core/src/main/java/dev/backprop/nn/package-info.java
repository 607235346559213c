/**
 * Layers and their parameters: {@link dev.backprop.nn.Layer}, {@link dev.backprop.nn.Sequential}, Dense, Conv2d,
 * pooling, Dropout, BatchNorm, LayerNorm, activations; initialisers in {@link dev.backprop.nn.Init}; nested parameter
 * names and state dicts in {@link dev.backprop.nn.Layers}; a Keras-style {@link dev.backprop.nn.Summary}.
 */
package dev.backprop.nn;
