import { describe, expect, it } from "vitest";
import { type LineLogEntry, lineOrder } from "../src/line-log.js";

const queued = (id: string, since: string, ahead: [string, string][]): LineLogEntry => ({
  ev: "queued",
  id,
  since,
  ahead,
  token: 0,
});
const granted = (id: string, since: string | null, token: number): LineLogEntry => ({
  ev: "granted",
  id,
  since,
  token,
});
const releasing = (id: string, token: number): LineLogEntry => ({ ev: "releasing", id, since: null, token });

describe("lineOrder", () => {
  it("finds no fault in a line served in order, one at a time", () => {
    const log = [
      granted("h", null, 1),
      queued("a", "t1", []),
      queued("b", "t2", [["a", "t1"]]),
      releasing("h", 1),
      granted("a", "t1", 2),
      releasing("a", 2),
      granted("b", "t2", 3),
      releasing("b", 3),
    ];
    expect(lineOrder(log)).toMatchObject({ faults: [], grants: { length: 3 }, queued: { length: 2 } });
  });

  it("names an overtaking, a grant before the last one's release and a token that did not rise", () => {
    const log = [
      granted("h", null, 5),
      queued("a", "t1", []),
      queued("b", "t2", [["a", "t1"]]),
      releasing("h", 5),
      granted("b", "t2", 6),
      granted("a", "t1", 7),
      releasing("a", 7),
      releasing("b", 6),
      granted("c", null, 4),
      releasing("c", 4),
    ];
    expect(lineOrder(log).faults).toEqual([
      "b (token 6) overtook a",
      "step 2: granted of b is not a grant followed by its own release",
      "step 4: releasing of a is not a grant followed by its own release",
      "step 6: token 4 is not above 7",
    ]);
  });
});
