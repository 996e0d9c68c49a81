"""Pasted PyTorch texts and what torch does with them → tests/fixtures/translate/pytorch.jsonl.

Run in ../venvs/torch from the repository root: `python tests/generators/gen_translate_pytorch.py`.
Each text runs verbatim (translate_common.execute) with these imports in scope, as a user's file has
them: `import torch`, `import torch.nn as nn`, `import torch.nn.functional as F`, `import numpy as np`,
and `from torch.nn import Conv1d, Conv2d, Conv3d, ConvTranspose1d, ConvTranspose2d, ConvTranspose3d`.
A module is applied to a zeros tensor of `input_shape`; a functional call's `x` / `w` are zeros
tensors of `input_shape` / `weight_shape`. Hand-written texts first, then a seeded sampler built
from the real signatures (signatures.json)."""

import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F
from torch.nn import Conv1d, Conv2d, Conv3d, ConvTranspose1d, ConvTranspose2d, ConvTranspose3d

from translate_common import Texts, execute, fmt, load_signatures, per_axis, render_call, rng_for, sig_of

torch.set_num_threads(2)
NAMESPACE = {"torch": torch, "nn": nn, "F": F, "np": np, "Conv1d": Conv1d, "Conv2d": Conv2d, "Conv3d": Conv3d,
             "ConvTranspose1d": ConvTranspose1d, "ConvTranspose2d": ConvTranspose2d, "ConvTranspose3d": ConvTranspose3d}
fx = Texts("pytorch", {"torch": torch.__version__})


def run(case):
    make_input = lambda: torch.zeros(case["input_shape"])
    make_weight = (lambda: torch.zeros(case["weight_shape"])) if "weight_shape" in case else None
    value, _, bound = execute(case["text"], NAMESPACE, make_input, make_weight)
    with torch.no_grad():
        if isinstance(value, torch.Size):  # the docs' example ends with `output.size()`
            return list(value)
        if isinstance(value, nn.Module):
            value = value(make_input())
        if not isinstance(value, torch.Tensor):
            raise TypeError(f"the text gives a {type(value).__name__}, not a layer or a tensor")
        return list(value.shape)


def add(case_id, text, input_shape, weight_shape=None):
    fx.add(case_id, text, input_shape, run, weight_shape=weight_shape)


def hand():
    # The docs' examples (torch.nn.ConvTranspose2d's docstring), verbatim.
    add("doc-square", "m = nn.ConvTranspose2d(16, 33, 3, stride=2)", [20, 16, 50, 100])
    add("doc-nonsquare", "m = nn.ConvTranspose2d(16, 33, (3, 5), stride=(2, 1), padding=(4, 2))", [20, 16, 50, 100])
    # (The docstring's output_size example is two layers, downsample then upsample: a model, not one pasted
    # layer; left out until convt reads models.)
    add("doc-functional", "inputs = torch.randn(1, 4, 5, 5)\nweights = torch.randn(4, 8, 3, 3)\nF.conv_transpose2d(inputs, weights, padding=1)", [1, 4, 5, 5])
    add("doc-conv1d-transpose-functional", "inputs = torch.randn(20, 16, 50)\nweights = torch.randn(16, 33, 5)\nF.conv_transpose1d(inputs, weights)", [20, 16, 50])
    # DCGAN (the PyTorch tutorial's generator), lines as pasted from nn.Sequential, trailing comma included.
    add("dcgan-first", "nz = 100\nngf = 64\nnn.ConvTranspose2d( nz, ngf * 8, 4, 1, 0, bias=False),", [1, 100, 1, 1])
    add("dcgan-middle", "ngf = 64\nnn.ConvTranspose2d(ngf * 8, ngf * 4, 4, 2, 1, bias=False),", [1, 512, 4, 4])
    add("dcgan-last", "ngf = 64\nnc = 3\n# state size. (ngf) x 32 x 32\nnn.ConvTranspose2d( ngf, nc, 4, 2, 1, bias=False),", [1, 64, 32, 32])
    add("issue-256-128", "nn.ConvTranspose2d(256, 128, 4, 2, 1)", [1, 256, 28, 28])
    add("vision-caffe-port", "torch.nn.ConvTranspose2d(512, 256, kernel_size=4, stride=2, padding=1)", [1, 512, 28, 28])
    # U-Net: self.up = …, with names the text defines; and one with a name it never defines.
    add("unet-up", "in_channels = 128\nself.up = nn.ConvTranspose2d(in_channels, in_channels // 2, kernel_size=2, stride=2)", [1, 128, 32, 32])
    add("unet-up-undefined-name", "self.up = nn.ConvTranspose2d(in_channels, in_channels // 2, kernel_size=2, stride=2)", [1, 128, 32, 32])
    add("bare-after-import", "from torch.nn import ConvTranspose2d\nup = ConvTranspose2d(64, 32, 3, stride=2, padding=1, output_padding=1)", [1, 64, 16, 16])
    add("bare-no-import", "ConvTranspose2d(64, 32, kernel_size=3, stride=2, padding=1, output_padding=1)", [1, 64, 7, 7])
    add("messy-breaks-comments", "self.deconv1 = nn.ConvTranspose2d(\n    in_channels=64,   # from the encoder\n    out_channels=32,\n"
        "    kernel_size=(4, 4),\n    stride=(2, 2),\n    padding=(1, 1),\n)", [1, 64, 10, 12])
    add("messy-list-args", "nn.ConvTranspose2d(8,4,kernel_size=[3,5],stride=[2,3],padding=[1,2],output_padding=[1,2])", [2, 8, 5, 5])
    add("arith-names", "h = 14\nc = 32\nlayer = nn.ConvTranspose2d(2*c, c, 3, stride=2, padding=1, output_padding=1)\ny = layer(x, output_size=(2*h, 2*h))", [1, 64, 14, 14])
    add("forward-output-size-odd", "up = nn.ConvTranspose2d(16, 8, 3, stride=2, padding=1)\ny = up(x, output_size=[27, 27])", [1, 16, 14, 14])
    add("forward-output-size-even", "up = nn.ConvTranspose2d(16, 8, 3, stride=2, padding=1)\ny = up(x, output_size=[28, 28])", [1, 16, 14, 14])
    add("forward-output-size-full", "up = nn.ConvTranspose2d(16, 8, 3, stride=2, padding=1)\ny = up(x, output_size=(1, 8, 28, 28))", [1, 16, 14, 14])
    add("forward-output-size-too-big", "up = nn.ConvTranspose2d(16, 8, 3, stride=2, padding=1)\ny = up(x, output_size=[29, 29])", [1, 16, 14, 14])
    add("forward-output-size-torch-size", "up = nn.ConvTranspose2d(16, 8, 3, stride=2, padding=1)\ny = up(x, output_size=torch.Size([28, 28]))", [1, 16, 14, 14])
    add("1d-wavenet", "self.upsample = nn.ConvTranspose1d(80, 80, kernel_size=800, stride=200, padding=300)", [1, 80, 10])
    add("3d-video", "nn.ConvTranspose3d(64, 32, kernel_size=(3, 4, 4), stride=(1, 2, 2), padding=(1, 1, 1))", [2, 64, 4, 8, 8])
    add("3d-bare-int", "torch.nn.ConvTranspose3d(8, 8, 2, 2)", [1, 8, 3, 3, 3])
    add("unbatched", "nn.ConvTranspose2d(3, 6, 3, stride=2)", [3, 7, 7])
    add("groups-dilation", "nn.ConvTranspose2d(32, 64, 3, stride=2, padding=2, output_padding=1, groups=4, dilation=2)", [1, 32, 9, 9])
    add("padding-mode-zeros", "nn.ConvTranspose2d(4, 4, 3, padding=1, padding_mode='zeros')", [1, 4, 6, 6])
    add("keyword-order-shuffled", "nn.ConvTranspose2d(stride=2, kernel_size=2, out_channels=3, in_channels=3)", [1, 3, 5, 5])
    add("functional-positional", "y = F.conv_transpose2d(x, w, None, 2, 1, 1)", [1, 8, 7, 7], [8, 4, 3, 3])
    add("functional-keywords", "y = torch.nn.functional.conv_transpose2d(x, w, stride=2, padding=1, output_padding=1, groups=2)", [1, 8, 7, 7], [8, 2, 3, 3])
    add("functional-weight-name", "out = F.conv_transpose1d(input, weight, stride=4, padding=2)", [1, 2, 9], [2, 5, 8])
    add("functional-3d", "F.conv_transpose3d(x, w, stride=(1, 2, 2))", [1, 4, 2, 3, 3], [4, 1, 3, 3, 3])
    add("conv2d-forward", "self.conv = nn.Conv2d(3, 64, kernel_size=7, stride=2, padding=3, bias=False)", [1, 3, 224, 224])
    add("conv2d-same", "nn.Conv2d(16, 16, 3, padding='same', dilation=2)", [1, 16, 10, 11])
    add("conv1d-functional", "F.conv1d(x, w, stride=2, padding=1)", [4, 3, 20], [6, 3, 5])
    add("conv3d", "nn.Conv3d(1, 8, kernel_size=3, stride=2, padding=1)", [1, 1, 9, 9, 9])
    # What torch rejects.
    add("err-misspelled-stride", "nn.ConvTranspose2d(256, 128, 4, strde=2, padding=1)", [1, 256, 28, 28])
    add("err-output-size-in-init", "nn.ConvTranspose2d(256, 128, 4, stride=2, output_size=(56, 56))", [1, 256, 28, 28])
    add("err-missing-kernel", "nn.ConvTranspose2d(256, 128)", [1, 256, 28, 28])
    add("err-too-many-positional", "nn.ConvTranspose2d(256, 128, 4, 2, 1, 0, 1, True, 1, 'zeros', None, None, 7)", [1, 256, 28, 28])
    add("err-output-padding-too-big", "nn.ConvTranspose2d(16, 8, 3, stride=2, padding=1, output_padding=2)", [1, 16, 14, 14])
    add("err-padding-same-transpose", "nn.ConvTranspose2d(16, 8, 3, stride=2, padding='same')", [1, 16, 14, 14])
    add("err-padding-mode-reflect-transpose", "nn.ConvTranspose2d(16, 8, 3, padding_mode='reflect')", [1, 16, 14, 14])
    add("err-channels-mismatch", "nn.ConvTranspose2d(256, 128, 4, 2, 1)", [1, 512, 28, 28])
    add("err-kernel-zero", "nn.ConvTranspose2d(4, 4, 0)", [1, 4, 5, 5])
    add("err-groups-indivisible", "nn.ConvTranspose2d(6, 4, 3, groups=4)", [1, 6, 5, 5])
    add("err-empty-output", "nn.ConvTranspose2d(4, 4, 1, padding=3)", [1, 4, 3, 3])
    add("err-syntax-unclosed", "nn.ConvTranspose2d(256, 128, 4, 2, 1", [1, 256, 28, 28])
    add("err-stride-string", "nn.ConvTranspose2d(4, 4, 3, stride='2')", [1, 4, 5, 5])
    add("err-functional-weight-rank", "F.conv_transpose2d(x, w, stride=2)", [1, 4, 5, 5], [4, 4, 3])
    add("err-conv-same-stride", "nn.Conv2d(16, 16, 3, stride=2, padding='same')", [1, 16, 10, 10])


SIG = load_signatures()
ALIASES = {"module": ["nn.", "torch.nn.", ""], "functional": ["F.", "torch.nn.functional.", "nn.functional."]}


def sampled(count=320):
    rng = rng_for("pytorch")
    for index in range(count):
        rank = rng.choice([1, 2, 2, 2, 3])
        op = rng.choice(["conv_transpose", "conv_transpose", "conv"])
        kind = rng.choice(["module", "module", "module", "functional"])
        k = [rng.choice([1, 2, 3, 4, 5]) for _ in range(rank)]
        s = [rng.choice([1, 2, 2, 3]) for _ in range(rank)]
        d = [rng.choice([1, 1, 1, 2]) for _ in range(rank)]
        p = [rng.choice([0, 0, 1, 1, 2]) for _ in range(rank)]
        if rng.random() < 0.6:  # often square
            k, s, d, p = [k[0]] * rank, [s[0]] * rank, [d[0]] * rank, [p[0]] * rank
        groups = rng.choice([1, 1, 1, 2])
        cin, cout = groups * rng.choice([1, 2, 4]), groups * rng.choice([1, 2, 3])
        size = [rng.choice([1, 2, 3, 5, 7, 8]) for _ in range(rank)]
        shape = [rng.choice([1, 2])] + [cin] + size
        tname = "Transpose" if op == "conv_transpose" else ""
        args = []
        if kind == "module":
            api = f"torch.nn.Conv{tname}{rank}d"
            callee = rng.choice(ALIASES["module"]) + f"Conv{tname}{rank}d"
            args += [("in_channels", str(cin)), ("out_channels", str(cout)), ("kernel_size", fmt(per_axis(rng, k), rng))]
        else:
            api = f"torch.nn.functional.conv{'_transpose' if tname else ''}{rank}d"
            callee = rng.choice(ALIASES["functional"]) + api.rsplit(".", 1)[1]
            args += [("input", "x"), ("weight", "w")]
        opad = [rng.choice([0, 0, 1]) if st > 1 else 0 for st in s]
        optional = [("stride", s, 1), ("padding", p, 0)]
        if op == "conv_transpose":
            optional.append(("output_padding", opad, 0))
        optional += [("groups", groups, 1), ("dilation", d, 1)]
        if kind == "module":
            optional.append(("bias", rng.choice([True, False]), True))
        # the signature's own order, so a positional run stays legal
        order = [q["name"] for q in sig_of(SIG, "torch", api)]
        optional.sort(key=lambda item: order.index(item[0]))
        for name, value, default in optional:
            plain = value if not isinstance(value, list) else per_axis(rng, value)
            if plain == default or plain == [default] * rank:
                if rng.random() < 0.75:
                    continue
            args.append((name, fmt(plain, rng)))
        if rng.random() < 0.04:  # a misspelled keyword, as typed
            name = rng.choice(["strides", "pading", "kernel", "output_paddding", "dilations"])
            args.append((name, "1"))
        call = render_call(rng, callee, args, sig_of(SIG, "torch", api), positional_max=None if kind == "module" else 2)
        if kind == "module" and "ConvTranspose" in callee and rng.random() < 0.15:
            natural = [(n - 1) * st - 2 * pp + dd * (kk - 1) + 1 for n, st, pp, dd, kk in zip(size, s, p, d, k)]
            target = [v + rng.choice([0, 0, 1, st - 1, st]) for v, st in zip(natural, s)]
            text = f"up = {call}\ny = up(x, output_size={fmt(target, rng)})"
        else:
            text = rng.choice([call, f"self.up = {call}", f"layer = {call}", f"x = {call}(x)" if kind == "module" else f"y = {call}"])
        if callee.startswith("Conv") and rng.random() < 0.5:
            text = f"from torch.nn import Conv{tname}{rank}d\n" + text
        wshape = None
        if kind == "functional":
            wshape = [cin, cout // groups] + k if op == "conv_transpose" else [cout, cin // groups] + k
        add(f"sampled-{index:03d}", text, shape, wshape)


hand()
sampled()
fx.write()
