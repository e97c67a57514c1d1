package dev.scorch.tensor.io;

import java.io.IOException;

/**
 * A tensor file that is malformed, truncated or uses a feature Scorch does not support. The message names the file and
 * what is wrong with it, e.g. {@code model.safetensors: tensor 'w': unknown dtype 'X4' (known: ...)}.
 */
public class TensorFileException extends IOException {
    private static final long serialVersionUID = 1L;

    /** An exception with the given message, which should start with the file name. */
    public TensorFileException(String message) {
        super(message);
    }

    /** An exception with the given message and the lower-level problem that caused it. */
    public TensorFileException(String message, Throwable cause) {
        super(message, cause);
    }
}
