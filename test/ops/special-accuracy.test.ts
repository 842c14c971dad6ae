// Accuracy of the special functions in float64 against reference values: published constants (DLMF,
// Abramowitz & Stegun) and tables computed with mpmath at 50 significant digits (pasted below). Each
// table's bound is the one stated in the function's doc comment.
import "../../src/index.js";
import { describe, expect, it } from "vitest";
import * as S from "../../src/backend/cpu/special-functions.js";
import { digamma, erfc, erfinv, lgamma, polygamma } from "../../src/ops/index.js";
import { tensor } from "../../src/tensor/creation.js";

/** The worst error of `f` over a table, measured as |f(x) − y| / max(|y|, floor). */
function worstError(f: (x: number) => number, table: readonly [number, number][], floor = 0): { error: number; at: number } {
  let error = 0;
  let at = NaN;
  for (const [x, y] of table) {
    const e = Math.abs(f(x) - y) / Math.max(Math.abs(y), floor);
    if (!(e <= error)) [error, at] = [e, x];
  }
  return { error, at };
}

function expectAccurate(f: (x: number) => number, table: readonly [number, number][], bound: number, floor = 0): void {
  const { error, at } = worstError(f, table, floor);
  expect(error, `worst error ${error.toExponential(2)} at x = ${at}`).toBeLessThanOrEqual(bound);
}

const LGAMMA: [number, number][] = [
  [0.001, 6.907178885383853], [0.01, 4.599479878042022], [0.1, 2.252712651734206], [0.25, 1.2880225246980774],
  [0.5, 0.5723649429247001], [0.75, 0.20328095143129538], [0.9, 0.06637623973474295], [0.99, 0.005854806764709781],
  [1.01, -0.005690307946069651], [1.1, -0.049872441259839764], [1.25, -0.09827183642181316],
  [1.5, -0.12078223763524522], [1.75, -0.08440112102048555], [1.9, -0.03898427592308336], [2.1, 0.04543773854448518],
  [2.5, 0.2846828704729192], [3, 0.6931471805599453], [3.7, 1.428072326665388], [4.5, 2.4537365708424423],
  [5, 3.1780538303479458], [6.25, 5.219603986990229], [7.5, 7.534364236758733], [9.99, 12.779315214350193],
  [10, 12.801827480081469], [12.5, 18.734347511936445], [20, 39.339884187199495], [33.3, 82.60372358165495],
  [50, 144.5657439463449], [75.5, 249.72999149863338], [100, 359.1342053695754],
];
const LGAMMA_NEG: [number, number][] = [
  [-0.5, 1.2655121234846454], [-1.5, 0.860047015376481], [-2.5, -0.056243716497674054], [-0.1, 2.3689613327287886],
  [-3.3, -0.8243558050174264], [-7.9, -8.072039736012833], [-10.25, -14.20399790093109],
  [-20.75, -43.12325855250223],
];
const DIGAMMA: [number, number][] = [
  [0.001, -1000.5755719318103], [0.01, -100.56088545786868], [0.1, -10.423754940411076], [0.25, -4.2274535333762655],
  [0.5, -1.9635100260214235], [0.75, -1.0858608797864722], [0.9, -0.7549269499470513], [0.99, -0.5937863040555952],
  [1.01, -0.5608854578686745], [1.1, -0.42375494041107664], [1.25, -0.22745353337626542], [1.5, 0.03648997397857652],
  [1.75, 0.24747245354686118], [1.9, 0.35618416116405965], [2.1, 0.48533596867983236], [2.5, 0.7031566406452432],
  [3, 0.9227843350984671], [3.7, 1.1671535393615113], [4.5, 1.388870926359529], [5, 1.5061176684318005],
  [6.25, 1.750453526883736], [7.5, 1.9467574842460869], [9.99, 2.250700372831201], [10, 2.251752589066721],
  [12.5, 2.4851956512749123], [20, 2.970523992242149], [33.3, 3.490467238520243], [50, 3.901989673427892],
  [75.5, 4.317495520713287], [100, 4.600161852738087], [-0.5, 0.03648997397857652], [-1.5, 0.7031566406452432],
  [-2.5, 1.103156640645243], [-0.1, 9.245073050052948], [-3.3, 3.620353460592126], [-7.9, -7.540007224419479],
  [-10.25, 5.516858419886273], [-20.75, -0.08514352173418716],
];
const POLYGAMMA_1: [number, number][] = [
  [0.01, 10001.621213528313], [0.1, 101.43329915079275], [0.5, 4.934802200544679], [1, 1.6449340668482264],
  [1.5, 0.9348022005446793], [2.5, 0.49035775610023485], [3.7, 0.3100378576700383], [5, 0.22132295573711533],
  [9.5, 0.11099728846909904], [10, 0.10516633568168575], [20, 0.05127082293520312], [50, 0.020201333226697125],
  [100, 0.010050166663333571], [-0.5, 8.934802200544679], [-1.25, 19.181879647671607], [-3.7, 14.84242186412428],
];
const POLYGAMMA_2: [number, number][] = [
  [0.01, -2000002.340398677], [0.1, -2001.8614573783436], [0.5, -16.82879664423432], [1, -2.4041138063191885],
  [1.5, -0.82879664423432], [2.5, -0.2362040516417274], [3.7, -0.09539530872855403], [5, -0.048789732245114494],
  [9.5, -0.012307845807709338], [10, -0.011049834970802067], [20, -0.0026281224023146548],
  [50, -0.0004080799893375969], [100, -0.00010100499983335], [-0.5, -0.82879664423432], [-1.25, 123.72136678366236],
  [-3.7, -68.89345468867354],
];
const POLYGAMMA_3: [number, number][] = [
  [0.01, 600000006.2510618], [0.1, 60004.51287679026], [0.5, 97.40909103400244], [1, 6.493939402266829],
  [1.5, 1.4090910340024372], [2.5, 0.22390584881725206], [3.7, 0.058279217956563614], [5, 0.021427828192755075],
  [9.5, 0.0027267288350372493], [10, 0.0023199013042898686], [20, 0.0002693742213396389],
  [50, 1.6486398720682052e-05], [100, 2.030199990001333e-06], [-0.5, 193.40909103400244],
  [-1.25, 1558.2209125348506], [-3.7, 768.994649440866],
];
const POLYGAMMA_6: [number, number][] = [
  [0.01, -7.2000000000000664e+16], [0.1, -7200000373.781803], [0.5, -92203.45792380303], [1, -726.0114797149845],
  [1.5, -43.457923803023284], [2.5, -1.318006107550035], [3.7, -0.09576004675283734], [5, -0.013316295488550551],
  [9.5, -0.0002210449100120409], [10, -0.0001601508710767886], [20, -2.17260735041449e-06],
  [50, -8.151546844438303e-09], [100, -1.2364199496131948e-10], [-0.5, -43.457923803023284],
  [-1.25, 11791222.068440905], [-3.7, -3283537.1093814913],
];
const ERFC: [number, number][] = [
  [-3, 1.9999779095030015], [-1.5, 1.9661051464753108], [-0.5, 1.5204998778130465], [-0.1, 1.1124629160182848],
  [0, 1.0], [0.1, 0.887537083981715], [0.3, 0.6713732405408726], [0.49, 0.4883317388114769],
  [0.5, 0.4795001221869535], [0.51, 0.4707563801588296], [0.6, 0.3961439091520741], [0.8, 0.2578990352923395],
  [1, 0.15729920705028513], [1.3, 0.06599205505934755], [1.7, 0.01620954140922544], [2, 0.004677734981047266],
  [2.5, 0.0004069520174449589], [2.99, 2.3525603080640195e-05], [3, 2.209049699858544e-05],
  [3.01, 2.0738963637132634e-05], [3.5, 7.430983723414128e-07], [4, 1.541725790028002e-08],
  [5, 1.537459794428035e-12], [6, 2.1519736712498913e-17], [8, 1.1224297172982926e-29], [10, 2.088487583762545e-45],
  [15, 7.212994172451207e-100], [20, 5.395865611607901e-176], [26, 5.663192408856143e-296],
];
const ERFINV: [number, number][] = [
  [1e-300, 8.86226925452758e-301], [1e-10, 8.862269254527581e-11], [0.001, 0.0008862271574665521],
  [0.1, 0.08885599049425769], [0.3, 0.2724627147267543], [0.49, 0.46586860023505733], [0.5, 0.4769362762044699],
  [0.51, 0.4881220505159588], [0.7, 0.7328690779592167], [0.9, 1.1630871536766743], [0.99, 1.8213863677184494],
  [0.999, 2.3267537655135246], [0.999999, 3.458910737275499], [0.9999999999, 4.572824958544925],
  [0.9999999999990905, 5.05125408524939], [0.9999999999999998, 5.805018683193453], [-0.5, -0.4769362762044699],
  [-0.9, -1.1630871536766743],
];

describe("lgamma", () => {
  it("published values: ln Γ(½) = ln √π, ln Γ(1) = ln Γ(2) = 0, ln Γ(100) = ln 99!", () => {
    expect(S.lgamma(0.5)).toBeCloseTo(Math.log(Math.sqrt(Math.PI)), 15);
    expect(S.lgamma(1)).toBe(0);
    expect(S.lgamma(2)).toBe(0);
    expect(Math.abs(S.lgamma(100) - 359.1342053695754) / 359.1342053695754).toBeLessThanOrEqual(4e-16);
    expect(Math.abs(S.lgamma(3) - Math.LN2) / Math.LN2).toBeLessThanOrEqual(4e-16);
  });

  it("≤ 5e-16 relative on (0, 100] (also next to the zeros at 1 and 2) and beyond", () => {
    expectAccurate(S.lgamma, LGAMMA, 5e-16);
  });

  it("negative non-integers: log|Γ(x)| to 2e-15 relative", () => {
    expectAccurate(S.lgamma, LGAMMA_NEG, 2e-15);
  });

  it("poles and infinities are +∞ (torch.lgamma), NaN stays NaN", () => {
    expect([0, -0, -1, -2, -1e20, Infinity, -Infinity].map(S.lgamma)).toEqual(Array(7).fill(Infinity));
    expect(S.lgamma(NaN)).toBeNaN();
  });
});

describe("digamma", () => {
  it("published values: ψ(1) = −γ, ψ(½) = −γ − 2 ln 2", () => {
    const gamma = 0.5772156649015329;
    expect(Math.abs(S.digamma(1) + gamma)).toBeLessThanOrEqual(1e-15);
    expect(Math.abs(S.digamma(0.5) - (-gamma - 2 * Math.LN2))).toBeLessThanOrEqual(1e-15);
  });

  it("≤ 1e-15·max(1, |ψ|) for x > 0 and x < 0", () => {
    expectAccurate(S.digamma, DIGAMMA, 1e-15, 1);
  });

  it("ψ(±0) = ∓∞, NaN at negative integers and −∞ (torch.digamma)", () => {
    expect(S.digamma(0)).toBe(-Infinity);
    expect(S.digamma(-0)).toBe(Infinity);
    expect([-1, -2, -Infinity, NaN].map(S.digamma).every(Number.isNaN)).toBe(true);
    expect(S.digamma(Infinity)).toBe(Infinity);
  });
});

describe("polygamma", () => {
  it("published values: ψ⁽¹⁾(1) = π²/6, ψ⁽²⁾(1) = −2ζ(3), ψ⁽¹⁾(½) = π²/2", () => {
    expect(Math.abs(S.polygamma(1, 1) - Math.PI ** 2 / 6)).toBeLessThanOrEqual(4e-16);
    expect(Math.abs(S.polygamma(2, 1) + 2 * 1.2020569031595942) / 2.4041138063191885).toBeLessThanOrEqual(4e-16);
    expect(Math.abs(S.polygamma(1, 0.5) - Math.PI ** 2 / 2) / (Math.PI ** 2 / 2)).toBeLessThanOrEqual(4e-16);
    expect(S.polygamma(0, 1)).toBe(S.digamma(1));
  });

  it("n = 1, 2, 3, 6: ≤ 1e-15 relative for x > 0, 2e-15 for x < 0", () => {
    const tables: [number, [number, number][]][] = [[1, POLYGAMMA_1], [2, POLYGAMMA_2], [3, POLYGAMMA_3], [6, POLYGAMMA_6]];
    for (const [n, table] of tables) {
      expectAccurate((x) => S.polygamma(n, x), table.filter(([x]) => x > 0), 1e-15);
      expectAccurate((x) => S.polygamma(n, x), table.filter(([x]) => x < 0), 2e-15);
    }
  });

  it("poles give (−1)ⁿ⁺¹∞ (torch.polygamma), +∞ gives 0", () => {
    expect(S.polygamma(1, 0)).toBe(Infinity);
    expect(S.polygamma(2, -3)).toBe(-Infinity);
    expect(S.polygamma(3, Infinity)).toBe(0);
  });
});

describe("erfc", () => {
  it("published values: erfc(5) and erfc(10) to full precision (1 − erf(x) gives 0 there)", () => {
    expect(Math.abs(S.erfc(5) - 1.5374597944280349e-12) / 1.5374597944280349e-12).toBeLessThanOrEqual(4e-16);
    expect(Math.abs(S.erfc(10) - 2.088487583762545e-45) / 2.088487583762545e-45).toBeLessThanOrEqual(4e-16);
  });

  it("≤ 1e-15 relative over [−3, 26] across the series/Taylor/continued-fraction switches", () => {
    expectAccurate(S.erfc, ERFC, 1e-15);
  });

  it("saturates: erfc(−∞) = 2, erfc(∞) = 0, underflow past 26.6; NaN stays NaN", () => {
    expect([-Infinity, Infinity, 30].map(S.erfc)).toEqual([2, 0, 0]);
    expect(S.erfc(NaN)).toBeNaN();
  });
});

describe("erfinv", () => {
  it("published value: erfinv(½) = 0.4769362762044699", () => {
    expect(Math.abs(S.erfinv(0.5) - 0.4769362762044699) / 0.4769362762044699).toBeLessThanOrEqual(3e-16);
  });

  it("≤ 1e-15 relative on (−1, 1), including 1 − 2⁻⁵² and tiny arguments", () => {
    expectAccurate(S.erfinv, ERFINV, 1e-15);
  });

  it("is odd, ±∞ at ±1, NaN outside [−1, 1]", () => {
    expect([1, -1].map(S.erfinv)).toEqual([Infinity, -Infinity]);
    expect([1.0000001, -2, NaN].map(S.erfinv).every(Number.isNaN)).toBe(true);
    expect(S.erfinv(-0.3)).toBe(-S.erfinv(0.3));
    expect(Object.is(S.erfinv(-0), -0)).toBe(true);
  });
});

describe("the ops use the same kernels in float64 and round float32 once", () => {
  it("float64 tensors give the scalar functions' values exactly", () => {
    const xs = [0.1, 1.5, 7.25, 30];
    expect(Array.from(lgamma(tensor(xs, { dtype: "float64" })).data())).toEqual(xs.map(S.lgamma));
    expect(Array.from(digamma(tensor(xs, { dtype: "float64" })).data())).toEqual(xs.map(S.digamma));
    expect(Array.from(polygamma(2, tensor(xs, { dtype: "float64" })).data())).toEqual(xs.map((x) => S.polygamma(2, x)));
    expect(Array.from(erfc(tensor(xs, { dtype: "float64" })).data())).toEqual(xs.map(S.erfc));
    expect(Array.from(erfinv(tensor([0.1, 0.5, 0.99], { dtype: "float64" })).data())).toEqual([0.1, 0.5, 0.99].map(S.erfinv));
  });

  it("float32: the float64 value rounded once", () => {
    const x = Float32Array.from([0.1, 1.5, 7.25]);
    expect(Array.from(lgamma(tensor(Array.from(x))).data())).toEqual(Array.from(x, (v) => Math.fround(S.lgamma(v))));
    expect(Array.from(erfc(tensor([10])).data())).toEqual([Math.fround(2.088487583762545e-45)]);
  });
});
