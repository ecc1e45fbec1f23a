/** SpreadsheetApp.newDataValidation(): the builder and the rule it builds (list rules only). */
import type { Realm } from "../realm";
import type { ValidationRule } from "./sheet-model";

export class FakeDataValidation {
  constructor(
    readonly rule: ValidationRule,
    private readonly realm: Realm,
  ) {}

  getCriteriaType(): string {
    return this.rule.criteria;
  }

  /** For VALUE_IN_LIST: [values, showDropdown], as Apps Script returns it. */
  getCriteriaValues(): unknown[] {
    return this.realm.array([this.realm.array(this.rule.values), this.rule.showDropdown]);
  }

  getAllowInvalid(): boolean {
    return this.rule.allowInvalid;
  }

  getHelpText(): string {
    return this.rule.helpText;
  }

  copy(): FakeDataValidationBuilder {
    return new FakeDataValidationBuilder(this.realm, { ...this.rule });
  }
}

export class FakeDataValidationBuilder {
  private rule: ValidationRule | undefined;
  private allowInvalid = true;
  private helpText = "";

  constructor(
    private readonly realm: Realm,
    from?: ValidationRule,
  ) {
    if (from) {
      this.rule = from;
      this.allowInvalid = from.allowInvalid;
      this.helpText = from.helpText;
    }
  }

  requireValueInList(values: string[], showDropdown = true): this {
    this.rule = {
      criteria: "VALUE_IN_LIST",
      values: Array.from(values, String),
      showDropdown: Boolean(showDropdown),
      allowInvalid: true,
      helpText: "",
    };
    return this;
  }

  setAllowInvalid(allowInvalidData: boolean): this {
    this.allowInvalid = Boolean(allowInvalidData);
    return this;
  }

  setHelpText(helpText: string): this {
    this.helpText = String(helpText);
    return this;
  }

  build(): FakeDataValidation {
    if (!this.rule)
      throw this.realm.error("You must specify a criteria for the data validation rule.");
    return new FakeDataValidation(
      { ...this.rule, allowInvalid: this.allowInvalid, helpText: this.helpText },
      this.realm,
    );
  }
}
