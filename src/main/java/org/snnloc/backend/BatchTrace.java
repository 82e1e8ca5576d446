package org.snnloc.backend;

/**
 * Everything one forward and backward pass of a batch computes.
 *
 * @param batch        samples in the batch
 * @param hiddenSpikes s_rec, (batch, steps, hidden); s_rec[:, 0] = 0
 * @param outputVoltage v_rec, (batch, steps, classes); v_rec[:, 0] = 0
 * @param logits       m = readoutScale * sum_t v_rec, (batch, classes)
 * @param loss         mean negative log-likelihood of the labels
 * @param gradW1       dL/dw1 with respect to the raw parameter, (inputs, hidden)
 * @param gradW2       dL/dw2 with respect to the raw parameter, (hidden, classes)
 */
public record BatchTrace(int batch, float[] hiddenSpikes, float[] outputVoltage, float[] logits,
                         float loss, float[] gradW1, float[] gradW2) {}
