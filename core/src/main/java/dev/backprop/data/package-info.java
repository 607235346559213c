/** Data for training: {@link dev.backprop.data.Dataset}, in-memory arrays, and a shuffling, prefetching loader. */
package dev.backprop.data;
