"""Golden fixtures from BVLC Caffe (CPU_ONLY build of the `caffe` tool; set CAFFE_BIN to it).

Each case is a two-layer net: an Input layer with the blob shape, and the Convolution or Deconvolution
layer with the ConvolutionParameter fields of the request (kernel_size / kernel_h+kernel_w, pad / pad_h+pad_w,
stride / stride_h+stride_w, dilation, group, num_output); a Silence layer swallows the output.
`caffe time -iterations 1` builds the net and runs one forward and backward pass; the logged "Top shape" of the layer
is its output shape, and a failed CHECK (Caffe aborts) is a rejection."""

import os
import re
import subprocess
import tempfile

from caffe_prototxt import field_lines
from common import Fixtures, Geometry, rng_for

CAFFE = os.environ.get("CAFFE_BIN", "caffe")
fx = Fixtures("caffe", {"caffe": "BVLC/caffe@9b891540 (1.0.0, CPU_ONLY, OpenBLAS)"})
rng = rng_for("caffe")


def case(case_id, layer_type, input_shape, params):
    op = "conv_transpose" if layer_type == "Deconvolution" else "conv"
    request = {"framework": "caffe", "op": op, "rank": len(input_shape) - 2, "api": layer_type,
               "input_shape": input_shape, "params": params}

    def call():
        dims = "\n".join(f"      dim: {d}" for d in input_shape)
        net = f"""name: "probe"
layer {{ name: "data" type: "Input" top: "data" input_param {{ shape {{
{dims}
}} }} }}
layer {{
  name: "layer" type: "{layer_type}" bottom: "data" top: "out"
  convolution_param {{
{field_lines(params)}
    weight_filler {{ type: "constant" value: 0 }}
  }}
}}
layer {{ name: "silence" type: "Silence" bottom: "out" }}
"""
        with tempfile.NamedTemporaryFile("w", suffix=".prototxt", delete=False) as f:
            f.write(net)
            path = f.name
        try:
            run = subprocess.run([CAFFE, "time", f"--model={path}", "--iterations=1"], capture_output=True, text=True, timeout=120)
        finally:
            os.unlink(path)
        log = run.stderr + run.stdout
        if run.returncode != 0:
            failed = [l for l in log.splitlines() if "Check failed" in l or "Error" in l or "error" in l]
            raise RuntimeError(re.sub(r"^\S+ \S+ +\d+ \S+\] ", "", (failed or log.strip().splitlines()[-1:])[0])[:400])
        shapes = re.findall(r"Top shape: ([\d ]+) \(", log.split("Creating layer layer")[-1])
        return [int(v) for v in shapes[0].split()]

    fx.run(case_id, request, call)


# --- classics (the seed question: num_output 256, kernel 4, pad 1, stride 2 on 28x28) ----------
case("seed-28-to-56", "Deconvolution", [1, 256, 28, 28], {"num_output": 256, "kernel_size": 4, "pad": 1, "stride": 2})
case("seed-28-to-56-bias-off", "Deconvolution", [1, 256, 28, 28], {"num_output": 256, "kernel_size": 4, "pad": 1, "stride": 2, "bias_term": False})
case("TestSetup", "Deconvolution", [2, 3, 6, 4], {"num_output": 4, "kernel_size": 3, "stride": 2})
case("TestSetup-group", "Deconvolution", [2, 3, 6, 4], {"num_output": 3, "kernel_size": 3, "stride": 2, "group": 3})
case("fcn32-upscore", "Deconvolution", [1, 21, 16, 16], {"num_output": 21, "kernel_size": 64, "stride": 32, "bias_term": False})
case("bilinear-f2", "Deconvolution", [1, 1, 10, 10], {"num_output": 1, "kernel_size": 4, "stride": 2, "pad": 1, "group": 1})
case("kernel-hw", "Deconvolution", [1, 1, 5, 7], {"num_output": 1, "kernel_h": 3, "kernel_w": 2, "stride_h": 2, "stride_w": 3, "pad_h": 1, "pad_w": 0})
case("kernel-hw-and-size", "Deconvolution", [1, 1, 5, 7], {"num_output": 1, "kernel_h": 3, "kernel_w": 2, "kernel_size": 3})
case("kernel-h-only", "Deconvolution", [1, 1, 5, 7], {"num_output": 1, "kernel_h": 3})
case("kernel-hw-3d", "Deconvolution", [1, 1, 5, 7, 3], {"num_output": 1, "kernel_h": 3, "kernel_w": 2})
case("stride-hw-and-stride", "Deconvolution", [1, 1, 5, 7], {"num_output": 1, "kernel_size": 3, "stride_h": 2, "stride_w": 2, "stride": 2})
case("pad-hw-and-pad", "Deconvolution", [1, 1, 5, 7], {"num_output": 1, "kernel_size": 3, "pad_h": 1, "pad_w": 1, "pad": 1})
case("kernel-3-values-2d", "Deconvolution", [1, 1, 5, 7], {"num_output": 1, "kernel_size": [3, 3, 3]})
case("stride-2-values", "Deconvolution", [1, 1, 5, 7], {"num_output": 1, "kernel_size": 3, "stride": [2, 3]})
case("kernel-zero", "Deconvolution", [1, 1, 5, 5], {"num_output": 1, "kernel_size": 0})
case("stride-zero", "Deconvolution", [1, 1, 5, 5], {"num_output": 1, "kernel_size": 3, "stride": 0})
case("dilation-zero", "Deconvolution", [1, 1, 5, 5], {"num_output": 1, "kernel_size": 3, "dilation": 0})
case("num-output-zero", "Deconvolution", [1, 1, 5, 5], {"num_output": 0, "kernel_size": 3})
case("group-bad-channels", "Deconvolution", [1, 3, 5, 5], {"num_output": 4, "kernel_size": 3, "group": 2})
case("group-bad-output", "Deconvolution", [1, 4, 5, 5], {"num_output": 3, "kernel_size": 3, "group": 2})
case("output-zero", "Deconvolution", [1, 1, 1, 1], {"num_output": 1, "kernel_size": 2, "pad": 1})
case("output-negative", "Deconvolution", [1, 1, 1, 1], {"num_output": 1, "kernel_size": 1, "pad": 2})
case("input-zero", "Deconvolution", [1, 1, 0, 3], {"num_output": 1, "kernel_size": 3, "stride": 2})
for size in range(22, 29):
    case(f"conv-k3-s7-p1-{size}", "Convolution", [1, 1, size, size], {"num_output": 1, "kernel_size": 3, "stride": 7, "pad": 1})
for dilation in (1, 2):
    case(f"conv1d-8820-dilation{dilation}", "Convolution", [1, 16, 8820], {"num_output": 16, "kernel_size": 3, "dilation": dilation})
case("conv-kernel-larger", "Convolution", [1, 1, 2, 2], {"num_output": 1, "kernel_size": 3})
case("conv-kernel-overhang-stride", "Convolution", [1, 1, 2, 2], {"num_output": 1, "kernel_size": 3, "stride": 2})
case("conv-groups", "Convolution", [1, 4, 5, 5], {"num_output": 6, "kernel_size": 3, "group": 2})

# --- random grids -------------------------------------------------------------------------
for index in range(300):
    rank = rng.choice([1, 2, 2, 2, 3])
    g = Geometry(rng, rank, degenerate=index % 12 == 0)
    groups = rng.choice([1, 1, 1, 2])
    cin, cout = groups * rng.choice([1, 2]), groups * rng.choice([1, 2])
    layer_type = "Deconvolution" if index % 4 else "Convolution"
    params = {"num_output": cout}
    square = len(set(g.kernel)) == 1 and len(set(g.stride)) == 1 and len(set(g.padding)) == 1
    if rank == 2 and not square and rng.random() < 0.5:
        params.update({"kernel_h": g.kernel[0], "kernel_w": g.kernel[1], "stride_h": g.stride[0], "stride_w": g.stride[1],
                       "pad_h": g.padding[0], "pad_w": g.padding[1]})
    else:
        params["kernel_size"] = g.kernel[0] if len(set(g.kernel)) == 1 else list(g.kernel)
        if g.stride != [1] * rank:
            params["stride"] = g.stride[0] if len(set(g.stride)) == 1 else list(g.stride)
        if g.padding != [0] * rank:
            params["pad"] = g.padding[0] if len(set(g.padding)) == 1 else list(g.padding)
    if g.dilation != [1] * rank:
        params["dilation"] = g.dilation[0] if len(set(g.dilation)) == 1 else list(g.dilation)
    if groups > 1:
        params["group"] = groups
    case(f"{layer_type.lower()}-{rank}d", layer_type, [1, cin] + g.size_in, params)

fx.write()
