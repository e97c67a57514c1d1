"""Reference values for ConvolutionsTest and PoolingTest, computed with PyTorch in float64.

Run: /usr/bin/python3 benchmarks/compare/reference_conv.py
Prints Java array literals that the tests paste. Inputs come from `pattern`, which the tests reproduce exactly
(Gen2.pattern): small multiples of 1/8, so every result is exact in float64 and the tests compare with 1e-12.
"""
import torch
import torch.nn.functional as F


def pattern(shape, mul, mod):
    n = 1
    for d in shape:
        n *= d
    vals = [((i * mul) % mod - mod // 2) / 8.0 for i in range(n)]
    return torch.tensor(vals, dtype=torch.float64).reshape(shape)


def java(name, t):
    flat = t.flatten().tolist()
    body = ", ".join(repr(float(v)) if isinstance(v, float) else str(v) for v in flat)
    print(f"// {name}: shape {list(t.shape)}")
    print(f"{{{body}}}")
    print()


def conv():
    x = pattern([1, 4, 5, 6], 7, 11)
    w = pattern([4, 2, 3, 2], 5, 13)
    b = pattern([4], 3, 7)
    y = F.conv2d(x, w, b, stride=(2, 1), padding=(1, 0), dilation=(1, 2), groups=2)
    java("conv2d stride (2,1) pad (1,0) dilation (1,2) groups 2 bias", y)


def conv_transpose():
    x = pattern([1, 4, 3, 3], 7, 11)
    w = pattern([4, 1, 3, 2], 5, 13)
    b = pattern([2], 3, 7)
    y = F.conv_transpose2d(x, w, b, stride=(2, 3), padding=(1, 0), output_padding=(1, 2), groups=2,
                           dilation=(1, 2))
    java("conv_transpose2d stride (2,3) pad (1,0) output_padding (1,2) dilation (1,2) groups 2 bias", y)
    # output_padding may reach the stride when it stays below the dilation (PyTorch's rule).
    x = pattern([1, 2, 3, 3], 7, 11)
    w = pattern([2, 2, 1, 1], 5, 13)
    y = F.conv_transpose2d(x, w, None, stride=1, padding=0, output_padding=1, dilation=2)
    java("conv_transpose2d 1x1 stride 1 dilation 2 output_padding 1", y)
    w = pattern([2, 3, 3, 3], 5, 13)
    y = F.conv_transpose2d(x, w, None, stride=1, padding=1, output_padding=1, dilation=2)
    java("conv_transpose2d 3x3 stride 1 pad 1 dilation 2 output_padding 1", y)


def unfold_fold():
    x = pattern([1, 1, 4, 5], 7, 11)
    cols = F.unfold(x, kernel_size=(2, 3), stride=(2, 1), padding=(1, 1), dilation=(1, 2))
    java("unfold k (2,3) stride (2,1) pad (1,1) dilation (1,2)", cols)
    c = pattern(list(cols.shape), 5, 13)
    y = F.fold(c, output_size=(4, 5), kernel_size=(2, 3), stride=(2, 1), padding=(1, 1), dilation=(1, 2))
    java("fold of pattern(cols, 5, 13) to 4x5", y)


def pooling():
    x = pattern([1, 2, 5, 6], 3, 7)
    v, i = F.max_pool2d(x, kernel_size=3, stride=2, padding=1, return_indices=True)
    java("max_pool2d k 3 s 2 p 1 values", v)
    java("max_pool2d k 3 s 2 p 1 indices", i)
    v, i = F.max_pool2d(x, kernel_size=(2, 3), stride=(1, 2), padding=(1, 1), return_indices=True)
    java("max_pool2d k (2,3) s (1,2) p (1,1) values", v)
    java("max_pool2d k (2,3) s (1,2) p (1,1) indices", i)
    java("avg_pool2d k 3 s 2 p 1 count_include_pad=True",
         F.avg_pool2d(x, kernel_size=3, stride=2, padding=1, count_include_pad=True))
    java("avg_pool2d k 3 s 2 p 1 count_include_pad=False",
         F.avg_pool2d(x, kernel_size=3, stride=2, padding=1, count_include_pad=False))
    y = pattern([1, 1, 2, 3], 7, 11)
    java("interpolate nearest scale (2,3)", F.interpolate(y, scale_factor=(2, 3), mode="nearest"))


if __name__ == "__main__":
    conv()
    conv_transpose()
    unfold_fold()
    pooling()
