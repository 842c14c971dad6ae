import { broadcastShapes } from "../../core/shape.js";
import { argumentError } from "../../core/validate.js";
import { abs, add, broadcastTo, div, log, mul, sign, sub, toTensor, type TensorLike } from "../../ops/index.js";
import { Tensor } from "../../tensor/tensor.js";
import { independent, real, type Constraint } from "../constraints.js";
import { sumRightmost, Transform } from "./transform.js";

/** A parameter of `affine`: a tensor or a finite number. */
function checkParameter(v: unknown, arg: string): TensorLike {
  if (v instanceof Tensor || (typeof v === "number" && Number.isFinite(v))) return v;
  throw argumentError("transforms.affine", arg, "a tensor or a finite number", v);
}

/** Text of a parameter for the transform's name. */
function show(v: TensorLike): string {
  return typeof v === "number" ? String(v) : `tensor[${v.shape.join(", ")}]`;
}

/**
 * y = loc + scale·x, elementwise, on events of `eventDim` axes: log|J| = Σ over the event of ln|scale|.
 * `loc` and `scale` may be tensors that require gradients (the log-det differentiates in `scale`).
 */
export class AffineTransform extends Transform {
  /** `affine(loc, scale)`. */
  readonly name: string;
  /** `eventDim`. */
  readonly domainEventDim: number;
  /** `eventDim`. */
  readonly codomainEventDim: number;
  /** The shift. */
  readonly loc: TensorLike;
  /** The scale (nonzero for a bijection). */
  readonly scale: TensorLike;

  /** The map x ↦ loc + scale·x on events of `eventDim` trailing axes. */
  constructor(loc: TensorLike, scale: TensorLike, eventDim = 0) {
    super();
    this.loc = checkParameter(loc, "loc");
    this.scale = checkParameter(scale, "scale");
    if (!Number.isInteger(eventDim) || eventDim < 0) throw argumentError("transforms.affine", "eventDim", "an integer ≥ 0", eventDim);
    this.domainEventDim = this.codomainEventDim = eventDim;
    this.name = `affine(${show(this.loc)}, ${show(this.scale)})`;
  }
  /** The reals (vectors or matrices of reals when eventDim > 0). */
  get domain(): Constraint {
    return this.domainEventDim === 0 ? real : independent(real, this.domainEventDim);
  }
  /** The same as the domain. */
  get codomain(): Constraint {
    return this.domain;
  }
  /** The sign of `scale`. */
  override get sign(): number | Tensor {
    return typeof this.scale === "number" ? Math.sign(this.scale) : sign(this.scale);
  }
  protected call(x: Tensor): Tensor {
    return add(this.loc, mul(this.scale, x));
  }
  protected invert(y: Tensor): Tensor {
    return div(sub(y, this.loc), this.scale);
  }
  protected ladj(x: Tensor): Tensor {
    const s = toTensor(this.scale, x);
    const r = log(abs(s));
    return sumRightmost(broadcastTo(r, broadcastShapes(x.shape, r.shape)), this.domainEventDim);
  }
}
