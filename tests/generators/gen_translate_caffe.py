"""Pasted Caffe layers and what BVLC Caffe does with them → tests/fixtures/translate/caffe.jsonl.

Caffe is not on PyPI: as gen_caffe.py, this runs the `caffe` tool of a CPU_ONLY build of
BVLC/caffe@9b891540 (set CAFFE_BIN to it; any Python 3): `python tests/generators/gen_translate_caffe.py`.

Each text is written verbatim into a net file, followed (after its last line, so Caffe's line numbers
in parse errors are the text's own) by the net-level input Caffe upgrades to an Input layer:
`input: "<bottom>" input_shape { dim: … }` with `input_shape`. Where the layer names no `bottom`
(people often paste the layer without it), `bottom: "data"` is put right after its first `{`, and
where it names no `top`, `top: "out"` likewise, on the same line, so line numbers do not move.
`caffe time -iterations 1` builds the net and runs it forward and backward; the layer's logged
"Top shape" is the answer, and a failed parse or CHECK (Caffe aborts) is a rejection with Caffe's
message (as `CaffeError: …`)."""

import os
import re
import subprocess
import tempfile

from translate_common import Texts, rng_for

CAFFE = os.environ.get("CAFFE_BIN", "caffe")


class CaffeError(Exception):
    """What the `caffe` tool printed when it refused the net (a parse error or a failed CHECK)."""
fx = Texts("caffe", {"caffe": "BVLC/caffe@9b891540 (1.0.0, CPU_ONLY, OpenBLAS)"})


def net_for(text, input_shape):
    bottom = re.search(r"""\bbottom\s*:\s*["']([^"']*)["']""", text)  # protobuf text takes either quote
    name = bottom.group(1) if bottom else "data"
    head = ""
    if not bottom:
        head += 'bottom: "data" '
    if not re.search(r"\btop\s*:", text):
        head += 'top: "out" '
    if head:
        brace = text.find("{")
        text = text[:brace + 1] + " " + head + text[brace + 1:] if brace >= 0 else text
    dims = " ".join(f"dim: {d}" for d in input_shape)
    return f'{text}\ninput: "{name}"\ninput_shape {{ {dims} }}\n'


def run(case):
    with tempfile.NamedTemporaryFile("w", suffix=".prototxt", delete=False) as f:
        f.write(net_for(case["text"], case["input_shape"]))
        path = f.name
    try:
        result = subprocess.run([CAFFE, "time", f"--model={path}", "--iterations=1"], capture_output=True, text=True, timeout=120)
    finally:
        os.unlink(path)
    log = result.stderr + result.stdout
    if result.returncode != 0:
        lines = log.strip().splitlines()
        failed = [l for l in lines if "Check failed" in l or "Error parsing" in l or "Message type" in l or "Unknown" in l]
        message = (failed or lines[-1:] or ["(no message)"])[0]
        message = re.sub(r"^\S+ \S+ +\d+ \S+\] ", "", message)  # glog's prefix: time, thread, file
        message = message.replace(os.path.basename(path), "<net>").replace(path, "<net>")
        raise CaffeError(message[:400])
    setup = log.split("Network initialization done")[0]
    shapes = re.findall(r"Top shape: ([\d ]+) \(", setup)
    return [int(v) for v in shapes[-1].split()]


def add(case_id, text, input_shape):
    fx.add(case_id, text, input_shape, run)


def hand():
    x28 = [1, 256, 28, 28]
    # VISION.md's layer (num_output 256, kernel 4, pad 1, stride 2) on 28×28, as it is usually posted.
    add("vision-layer", 'layer {\n  name: "deconv1"\n  type: "Deconvolution"\n  bottom: "conv5"\n  top: "deconv1"\n'
        "  convolution_param {\n    num_output: 256\n    kernel_size: 4\n    pad: 1\n    stride: 2\n  }\n}", x28)
    add("contract-one-line", 'layer { type: "Deconvolution" convolution_param { num_output: 256 kernel_size: 4 pad: 1 stride: 2 } }', [1, 512, 28, 28])
    # FCN-32s / FCN-8s upsampling layers (the classic posts).
    add("fcn32-upscore", 'layer {\n  name: "upscore"\n  type: "Deconvolution"\n  bottom: "score_fr"\n  top: "upscore"\n'
        "  param {\n    lr_mult: 0\n  }\n  convolution_param {\n    num_output: 21\n    bias_term: false\n    kernel_size: 64\n    stride: 32\n  }\n}", [1, 21, 16, 16])
    add("fcn8-upscore2", 'layer {\n  name: "upscore2"\n  type: "Deconvolution"\n  bottom: "score_fr"\n  top: "upscore2"\n'
        "  param {\n    lr_mult: 0\n  }\n  convolution_param {\n    num_output: 21\n    bias_term: false\n    kernel_size: 4\n    stride: 2\n  }\n}", [1, 21, 17, 17])
    add("bilinear-filler", 'layer {\n  name: "fc8_upsample" type: "Deconvolution"\n  bottom: "fc8" top: "fc8_up"\n'
        "  convolution_param {\n    kernel_size: 16 stride: 8 num_output: 21 group: 21\n    pad: 4\n"
        '    weight_filler: { type: "bilinear" } bias_term: false\n  }\n  param { lr_mult: 0 decay_mult: 0 }\n}', [1, 21, 32, 32])
    add("v1-layers", 'layers {\n  name: "deconv"\n  type: DECONVOLUTION\n  bottom: "data"\n  top: "deconv"\n'
        "  convolution_param {\n    num_output: 16\n    kernel_size: 4\n    stride: 2\n    pad: 1\n  }\n}", [1, 8, 10, 10])
    add("v1-layers-blobs-lr", 'layers {\n  name: "upsample"\n  type: DECONVOLUTION\n  bottom: "score"\n  top: "upsample"\n'
        "  blobs_lr: 0\n  blobs_lr: 0\n  convolution_param {\n    num_output: 2\n    kernel_size: 8\n    stride: 4\n    bias_term: false\n  }\n}", [1, 2, 9, 9])
    add("v1-single-quotes-one-line", "layers { name: 'upsample' type: DECONVOLUTION bottom: 'score' top: 'bigscore' blobs_lr: 0 "
        "convolution_param { bias_term: false num_output: 21 kernel_size: 64 stride: 32 } }", [1, 21, 16, 16])
    add("v1-convolution", 'layers { name: "conv1" type: CONVOLUTION bottom: "data" top: "conv1"\n'
        "  convolution_param { num_output: 96 kernel_size: 11 stride: 4 } }", [1, 3, 227, 227])
    add("kernel-hw", 'layer {\n  name: "up" type: "Deconvolution" bottom: "in" top: "up"\n'
        "  convolution_param { num_output: 4 kernel_h: 4 kernel_w: 2 stride_h: 2 stride_w: 1 pad_h: 1 pad_w: 0 }\n}", [1, 4, 6, 6])
    add("comments", '# upsample x2\nlayer {\n  name: "deconv2"  # second decoder stage\n  type: "Deconvolution"\n'
        "  convolution_param {\n    num_output: 64   # channels\n    kernel_size: 2\n    stride: 2\n  }\n}", [1, 128, 14, 14])
    add("repeated-fields", 'layer { name: "up" type: "Deconvolution" convolution_param { num_output: 2 kernel_size: 3 kernel_size: 5 stride: 2 stride: 1 pad: 1 pad: 2 } }', [1, 2, 5, 5])
    add("no-bottom-no-top", 'layer {\n  type: "Deconvolution"\n  convolution_param { num_output: 8 kernel_size: 3 stride: 2 pad: 1 }\n}', [1, 8, 7, 7])
    add("dilation", 'layer { name: "up" type: "Deconvolution" convolution_param { num_output: 4 kernel_size: 3 dilation: 2 } }', [1, 4, 5, 5])
    add("group", 'layer { name: "up" type: "Deconvolution" convolution_param { num_output: 8 kernel_size: 4 stride: 2 pad: 1 group: 4 } }', [1, 8, 5, 5])
    add("3d", 'layer { name: "up" type: "Deconvolution" convolution_param { num_output: 2 kernel_size: 2 stride: 2 } }', [1, 4, 3, 3, 3])
    add("convolution", 'layer {\n  name: "conv1"\n  type: "Convolution"\n  bottom: "data"\n  top: "conv1"\n'
        "  convolution_param {\n    num_output: 64\n    kernel_size: 3\n    stride: 2\n    pad: 1\n  }\n}", [1, 3, 32, 32])
    add("fillers-and-params", 'layer {\n  name: "deconv3" type: "Deconvolution" bottom: "x" top: "y"\n  param { lr_mult: 1 decay_mult: 1 }\n'
        '  param { lr_mult: 2 decay_mult: 0 }\n  convolution_param {\n    num_output: 32 kernel_size: 4 stride: 2 pad: 1\n'
        '    weight_filler { type: "gaussian" std: 0.01 }\n    bias_filler { type: "constant" value: 0 }\n  }\n}', [1, 64, 7, 7])
    add("err-misspelled-field", 'layer { name: "up" type: "Deconvolution" convolution_param { num_output: 8 kernel_size: 4 strde: 2 } }', [1, 8, 7, 7])
    add("err-pytorch-name", 'layer { name: "up" type: "Deconvolution" convolution_param { num_output: 8 kernel_size: 4 stride: 2 padding: 1 } }', [1, 8, 7, 7])
    add("err-kernel-missing", 'layer { name: "up" type: "Deconvolution" convolution_param { num_output: 8 stride: 2 } }', [1, 8, 7, 7])
    add("err-kernel-size-and-hw", 'layer { name: "up" type: "Deconvolution" convolution_param { num_output: 8 kernel_size: 4 kernel_h: 4 kernel_w: 4 } }', [1, 8, 7, 7])
    add("err-type-typo", 'layer { name: "up" type: "DeConvolution" convolution_param { num_output: 8 kernel_size: 4 } }', [1, 8, 7, 7])
    add("err-group", 'layer { name: "up" type: "Deconvolution" convolution_param { num_output: 6 kernel_size: 3 group: 4 } }', [1, 8, 7, 7])
    add("err-unclosed", 'layer { name: "up" type: "Deconvolution" convolution_param { num_output: 8 kernel_size: 4 }', [1, 8, 7, 7])
    add("err-v1-string-type", 'layers { name: "up" type: "Deconvolution" convolution_param { num_output: 8 kernel_size: 4 } }', [1, 8, 7, 7])
    add("err-negative-pad", 'layer { name: "up" type: "Deconvolution" convolution_param { num_output: 8 kernel_size: 4 pad: -1 } }', [1, 8, 7, 7])


def sampled(count=260):
    rng = rng_for("caffe")
    for index in range(count):
        deconv = rng.random() < 0.75
        v1 = rng.random() < 0.15
        rank = 2 if rng.random() < 0.9 else 3
        k = rng.choice([1, 2, 3, 4, 5, 8])
        s = rng.choice([1, 2, 2, 3, 4])
        p = rng.choice([0, 0, 1, 1, 2])
        group = rng.choice([1, 1, 1, 2])
        cin, cout = group * rng.choice([1, 2, 4]), group * rng.choice([1, 2, 3])
        size = [rng.choice([1, 2, 3, 5, 7, 14])] * rank if rng.random() < 0.7 else [rng.choice([2, 3, 5, 8]) for _ in range(rank)]
        fields = [f"num_output: {cout}"]
        if rank == 2 and rng.random() < 0.2:
            kh, kw = k, rng.choice([1, 2, 3, 4])
            fields += [f"kernel_h: {kh}", f"kernel_w: {kw}"]
        else:
            fields.append(f"kernel_size: {k}")
        if s > 1 or rng.random() < 0.2:
            fields.append(f"stride: {s}" if rank == 3 or rng.random() < 0.8 else f"stride_h: {s} stride_w: {s}")
        if p > 0 or rng.random() < 0.2:
            fields.append(f"pad: {p}" if rank == 3 or rng.random() < 0.8 else f"pad_h: {p} pad_w: {p}")
        if group > 1:
            fields.append(f"group: {group}")
        if rng.random() < 0.2:
            fields.append(f"dilation: {rng.choice([1, 2])}")
        if rng.random() < 0.2:
            fields.append("bias_term: false")
        if rng.random() < 0.03:
            fields.append(rng.choice(["strides: 2", "padding: 1", "kernel: 3"]))
        if rng.random() < 0.3:
            rng.shuffle(fields)  # fields in any order
        kind = ("DECONVOLUTION" if deconv else "CONVOLUTION") if v1 else ('"Deconvolution"' if deconv else '"Convolution"')
        word = "layers" if v1 else "layer"
        named = rng.random() < 0.7
        head = [f'name: "l{index}"'] if named else []
        head.append(f"type: {kind}")
        if rng.random() < 0.6:
            head += ['bottom: "in"', 'top: "out"']
        if rng.random() < 0.5:
            text = f"{word} {{ " + " ".join(head) + " convolution_param { " + " ".join(fields) + " } }"
        else:
            text = f"{word} {{\n" + "\n".join("  " + h for h in head) + "\n  convolution_param {\n" + \
                "\n".join("    " + f for f in fields) + "\n  }\n}"
        add(f"sampled-{index:03d}", text, [rng.choice([1, 2]), cin] + size)


hand()
sampled()
fx.write()
