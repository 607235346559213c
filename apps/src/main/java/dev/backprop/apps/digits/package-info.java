/**
 * Image classification on the MNIST family: getting and verifying the data, IDX loading, the Keras MNIST CNN, training
 * with metrics and charts, evaluation, and prediction on the user's own pictures.
 */
package dev.backprop.apps.digits;
