//! The terms every Chinese entry says alike, as Chinese deep-learning courses and textbooks say
//! them (《动手学深度学习》 and the frameworks' Chinese documentation): an entry whose English
//! has the term as a word must have its Chinese (tests/i18n.rs checks every entry). Framework
//! argument names (`output_padding`, `strides`) are code and stay as they are.

/// (English term, its Chinese), longest first where one contains another.
pub const ZH_TERMS: &[(&str, &str)] = &[
    ("transposed convolution", "转置卷积"),
    ("transposed conv", "转置卷积"),
    ("dilated convolution", "空洞卷积"),
    ("output padding", "输出填充"),
    ("convolution", "卷积"),
    ("deconvolution", "反卷积"),
    ("kernel", "卷积核"),
    ("stride", "步幅"),
    ("strides", "步幅"),
    ("padding", "填充"),
    ("dilation", "膨胀"),
    ("channels", "通道"),
    ("channel", "通道"),
    ("groups", "分组"),
    ("input", "输入"),
    ("output", "输出"),
    ("hole", "空位"),
    ("holes", "空位"),
    ("framework", "框架"),
    ("frameworks", "框架"),
    ("layer", "层"),
    ("step", "步"),
    ("cropped", "裁掉"),
    ("overlap", "重叠"),
    ("matrix", "矩阵"),
];
