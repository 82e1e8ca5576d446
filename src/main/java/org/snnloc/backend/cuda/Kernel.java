package org.snnloc.backend.cuda;

import java.util.List;

/**
 * The kernels of {@code src/main/cuda/snnloc_kernels.cu} and the kind of each parameter, in
 * order. {@link KernelLauncher} refuses a launch whose arguments do not follow this list,
 * {@link KernelLibrary} checks it against the loaded code, and a test checks it against the PTX.
 */
enum Kernel {
    GATHER_SPIKES("gather_spikes", Param.POINTER, Param.INT, Param.INT, Param.INT, Param.POINTER, Param.INT, Param.INT, Param.POINTER),
    EFFECTIVE_WEIGHTS("effective_weights", Param.POINTER, Param.POINTER, Param.INT, Param.INT, Param.INT, Param.POINTER),
    LIF_FORWARD("lif_forward", Param.POINTER, Param.INT, Param.INT, Param.INT, Param.FLOAT, Param.FLOAT, Param.POINTER, Param.POINTER),
    LEAKY_READOUT("leaky_readout", Param.POINTER, Param.INT, Param.INT, Param.INT, Param.FLOAT, Param.FLOAT, Param.POINTER, Param.POINTER),
    SOFTMAX_CROSS_ENTROPY("softmax_cross_entropy", Param.POINTER, Param.POINTER, Param.POINTER, Param.INT, Param.INT, Param.INT,
            Param.POINTER, Param.POINTER, Param.POINTER, Param.POINTER, Param.POINTER),
    READOUT_GRADIENT("readout_gradient", Param.POINTER, Param.POINTER, Param.INT, Param.INT, Param.INT, Param.POINTER),
    LIF_BACKWARD("lif_backward", Param.POINTER, Param.POINTER, Param.POINTER, Param.POINTER, Param.INT, Param.INT, Param.INT,
            Param.FLOAT, Param.FLOAT, Param.INT, Param.FLOAT, Param.FLOAT, Param.POINTER),
    RAW_GRADIENT("raw_gradient", Param.POINTER, Param.POINTER, Param.POINTER, Param.INT, Param.INT, Param.INT, Param.POINTER),
    SIGN_GRADIENT("sign_gradient", Param.POINTER, Param.POINTER, Param.INT, Param.INT, Param.INT, Param.POINTER),
    LEARNED_SIGNS("learned_signs", Param.POINTER, Param.INT, Param.POINTER),
    ADAM_STEP("adam_step", Param.POINTER, Param.POINTER, Param.POINTER, Param.POINTER, Param.INT, Param.FLOAT, Param.FLOAT,
            Param.FLOAT, Param.FLOAT, Param.FLOAT, Param.FLOAT, Param.FLOAT, Param.INT);

    /** Kernel parameter kinds and their sizes in bytes. */
    enum Param {
        POINTER(8), INT(4), FLOAT(4);

        final int bytes;

        Param(int bytes) {
            this.bytes = bytes;
        }
    }

    final String symbol;
    private final Param[] params;

    Kernel(String symbol, Param... params) {
        this.symbol = symbol;
        this.params = params;
    }

    int parameterCount() {
        return params.length;
    }

    Param parameter(int index) {
        return params[index];
    }

    List<Param> parameters() {
        return List.of(params);
    }
}
