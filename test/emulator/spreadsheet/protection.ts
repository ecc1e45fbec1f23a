/** Sheet and range protections: stored and reported, not enforced (the script runs as owner). */
import type { Scope } from "../scope";
import { FakeRange } from "./range";
import type { ProtectionModel, SheetModel } from "./sheet-model";

export class FakeProtection {
  constructor(
    private readonly scope: Scope,
    private readonly sheet: SheetModel,
    readonly model: ProtectionModel,
  ) {}

  private call<T>(method: string, effect: () => T): T {
    return this.scope.rt.call(`Protection.${method}`, effect);
  }

  getProtectionType(): string {
    return this.call("getProtectionType", () => this.model.type);
  }

  setWarningOnly(warningOnly: boolean): this {
    return this.call("setWarningOnly", () => {
      this.model.warningOnly = Boolean(warningOnly);
      return this;
    });
  }

  isWarningOnly(): boolean {
    return this.call("isWarningOnly", () => this.model.warningOnly);
  }

  setDescription(description: string): this {
    return this.call("setDescription", () => {
      this.model.description = String(description);
      return this;
    });
  }

  getDescription(): string {
    return this.call("getDescription", () => this.model.description);
  }

  getRange(): FakeRange {
    return this.call("getRange", () => new FakeRange(this.scope, this.sheet, this.model));
  }

  canEdit(): boolean {
    return this.call("canEdit", () => true);
  }

  remove(): void {
    this.call("remove", () => {
      const index = this.sheet.protections.indexOf(this.model);
      if (index >= 0) this.sheet.protections.splice(index, 1);
    });
  }
}
