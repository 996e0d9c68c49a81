"""ConvolutionParameter fields as prototxt lines (shared by gen_caffe.py and gen_values.py)."""


def field_lines(params):
    lines = []
    for key, value in params.items():
        for v in value if isinstance(value, list) else [value]:
            lines.append(f"    {key}: {str(v).lower() if isinstance(v, bool) else v}")
    return "\n".join(lines)
