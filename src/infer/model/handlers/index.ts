// Effect handlers with NumPyro's semantics: each wraps a model and changes what its sites do.
export { trace, type Trace, type TracedModel } from "../trace.js";
export type { TraceSite } from "../trace-site.js";
export { condition } from "./condition.js";
export { substitute } from "./substitute.js";
export { seed } from "./seed.js";
export { block, type BlockOptions } from "./block.js";
export { scale } from "./scale.js";
export { mask } from "./mask.js";
export { replay } from "./replay.js";
export type { SiteData } from "./site-data.js";
export type { Message, PlateFrame, SiteType } from "../message.js";
