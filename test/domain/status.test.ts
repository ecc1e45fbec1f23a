import { STATUSES, canMove, isSubmitted, isTerminal, type Status } from "../../src/domain/status";

const TERMINAL: Status[] = ["COMPLETED", "FAILED", "REJECTED", "CANCELED", "EXPIRED"];

describe("status transitions", () => {
  it("never moves a terminal row, to any status", () => {
    for (const from of TERMINAL) {
      for (const to of STATUSES) expect(canMove(from, to)).toBe(false);
    }
  });

  it("treats a repeated status as no move (duplicates change nothing)", () => {
    for (const status of STATUSES) expect(canMove(status, status)).toBe(false);
  });

  it("moves forward through the lifecycle", () => {
    const path: Status[] = ["QUEUED", "SUBMITTING", "PENDING", "PROCESSING", "COMPLETED"];
    for (let i = 0; i + 1 < path.length; i++) expect(canMove(path[i], path[i + 1])).toBe(true);
    expect(canMove("SUBMITTING", "NEEDS_ACTION")).toBe(true);
    expect(canMove("NEEDS_ACTION", "PROCESSING")).toBe(true);
  });

  it("never moves backwards: a late PROCESSING after COMPLETED, PENDING after PROCESSING", () => {
    expect(canMove("COMPLETED", "PROCESSING")).toBe(false);
    expect(canMove("PROCESSING", "PENDING")).toBe(false);
    expect(canMove("PROCESSING", "NEEDS_ACTION")).toBe(false);
    expect(canMove("PENDING", "SUBMITTING")).toBe(false);
  });

  it("keeps PENDING and NEEDS_ACTION apart: neither replaces the other", () => {
    expect(canMove("PENDING", "NEEDS_ACTION")).toBe(false);
    expect(canMove("NEEDS_ACTION", "PENDING")).toBe(false);
  });

  it("lets an open payout end in any terminal status", () => {
    for (const from of ["SUBMITTING", "PENDING", "NEEDS_ACTION", "PROCESSING"] as Status[]) {
      for (const to of TERMINAL) expect(canMove(from, to)).toBe(true);
    }
  });

  it("never turns a submitted row back into an unsubmitted one", () => {
    for (const from of ["QUEUED", "SUBMITTING", "PENDING", "PROCESSING"] as Status[]) {
      for (const to of ["", "INVALID", "VALID"] as Status[]) expect(canMove(from, to)).toBe(false);
    }
  });

  it("classifies statuses", () => {
    expect(TERMINAL.every(isTerminal)).toBe(true);
    expect(isTerminal("PROCESSING")).toBe(false);
    expect(isSubmitted("VALID")).toBe(false);
    expect(isSubmitted("QUEUED")).toBe(true);
  });
});
