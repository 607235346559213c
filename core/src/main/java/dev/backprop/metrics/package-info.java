/** Metrics accumulated over batches: accuracy, confusion matrix with precision / recall / F1, RMSE, MAE. */
package dev.backprop.metrics;
