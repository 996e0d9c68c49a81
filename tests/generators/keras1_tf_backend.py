"""Keras 1.2.2's `Deconvolution2D` on its TensorFlow backend, reproduced step by step in TensorFlow 2
(TensorFlow 1.x does not install): the layer's own checks, W as the layer makes it, then
keras/backend/tensorflow_backend.py `deconv2d` (see gen_keras1_tensorflow_extra.py for the steps).
Shared by gen_keras1_tensorflow_extra.py and gen_translate_keras1_tensorflow.py."""

import numpy as np
import tensorflow as tf


def deconv2d_layer(shape, p):
    # Sequential with the layer's input_shape / batch_input_shape: predict checks the array against it.
    for name, declared in (("input_shape", p.get("input_shape")), ("batch_input_shape", p.get("batch_input_shape"))):
        if declared is not None:
            actual = shape[1:] if name == "input_shape" else shape
            if len(declared) != len(actual) or any(d is not None and d != a for d, a in zip(declared, actual)):
                raise ValueError(f"Error when checking model input: expected {name} {declared} but got array with shape {shape}")
    # Deconvolution2D.__init__ / Convolution2D.__init__
    ordering = p.get("dim_ordering", "default")
    if ordering == "default":
        ordering = "tf"  # K.image_dim_ordering() without an image_dim_ordering in keras.json
    border = p.get("border_mode", "valid")
    if border not in {"valid", "same", "full"}:
        raise ValueError("Invalid border mode for Deconvolution2D:", border)
    subsample = tuple(p.get("subsample", (1, 1)))
    if ordering not in {"tf", "th"}:
        raise ValueError("dim_ordering must be in {tf, th}.")
    x = np.zeros(shape, "float32")
    # build(): W_shape
    stack = shape[1] if ordering == "th" else shape[3]
    nb_filter, nb_row, nb_col = p["nb_filter"], p["nb_row"], p["nb_col"]
    w_shape = (nb_filter, stack, nb_row, nb_col) if ordering == "th" else (nb_row, nb_col, stack, nb_filter)
    W = np.zeros(w_shape, "float32")
    b = np.zeros((nb_filter,), "float32")
    # tensorflow_backend.deconv2d
    xt = tf.constant(x)
    if ordering == "th":
        xt = tf.transpose(xt, (0, 2, 3, 1))
    out = list(p["output_shape"])
    if ordering == "th":
        out = [out[0], out[2], out[3], out[1]]
    if out[0] is None:
        out = tf.stack([tf.shape(xt)[0]] + out[1:])
    kernel = tf.constant(W)
    if ordering == "th":
        kernel = tf.transpose(kernel, (2, 3, 1, 0))
    kernel = tf.transpose(kernel, (0, 1, 3, 2))
    if border == "same":
        padding = "SAME"
    elif border == "valid":
        padding = "VALID"
    else:
        raise ValueError("Invalid border mode:", border)
    strides = (1,) + subsample + (1,)
    y = tf.nn.conv2d_transpose(xt, kernel, out, strides, padding=padding)
    if ordering == "th":
        y = tf.transpose(y, (0, 3, 1, 2))
        y = y + tf.reshape(b, (1, nb_filter, 1, 1))
    else:
        y = y + b
    return tuple(int(d) for d in y.shape)

