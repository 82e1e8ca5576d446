package org.snnloc.train;

import java.util.Map;

/**
 * Adam's state: the steps taken and the first and second moments of every trained array, by the
 * array's name, in its natural layout (as {@link org.snnloc.model.Parameters} holds it). A
 * checkpoint keeps it, so a resumed training takes exactly the steps an uninterrupted one takes.
 */
public record OptimizerState(int steps, Map<String, float[]> firstMoments, Map<String, float[]> secondMoments) {
    public OptimizerState {
        if (steps < 0) throw new IllegalArgumentException("steps must be >= 0, got " + steps);
        firstMoments = Map.copyOf(firstMoments);
        secondMoments = Map.copyOf(secondMoments);
        if (!firstMoments.keySet().equals(secondMoments.keySet())) throw new IllegalArgumentException("first and second moments name other arrays");
    }
}
