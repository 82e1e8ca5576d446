package org.snnloc.backend;

import java.util.Map;

/**
 * Everything one forward and backward pass of a batch computes.
 *
 * @param batch         samples in the batch
 * @param hiddenSpikes  s_rec, (batch, steps, hidden); s_rec[:, 0] = 0
 * @param hiddenVoltage V, the hidden membrane potential after the reset, (batch, steps, hidden); V[:, 0] = 0
 * @param outputVoltage v_rec, (batch, steps, classes); v_rec[:, 0] = 0
 * @param logits        m = readoutScale * sum_t v_rec, (batch, classes)
 * @param loss          mean negative log-likelihood of the labels
 * @param gradients     dL/d(array) for every trained array of the parameters, by name (w1, w2, ...)
 */
public record BatchTrace(int batch, float[] hiddenSpikes, float[] hiddenVoltage, float[] outputVoltage, float[] logits, float loss,
                         Map<String, float[]> gradients) {

    /** dL/dw1 with respect to the raw parameter, (inputs, hidden). */
    public float[] gradW1() {
        return gradients.get("w1");
    }

    /** dL/dw2, (hidden, classes). */
    public float[] gradW2() {
        return gradients.get("w2");
    }
}
