/** Saving and loading: safetensors weights, JSON configs, atomic model folders. */
package dev.backprop.io;
