"use strict";
// js-pytorch loads this package only for device "gpu", which the wengert benchmark never uses.
throw new Error("@eduardoleao052/gpu is stubbed out in wengert's dev dependencies (bench/stubs/gpu): js-pytorch's gpu device is not available");
