// Validates xAPI statements with Learning Locker's validator (the rules its LRS enforces).
// Reads a JSON array of statements on stdin; prints a JSON array with one array of warnings
// ({path, message}) per statement — empty when the statement is valid.
"use strict";
const validate = require("@learninglocker/xapi-validation").default;

let input = "";
process.stdin.setEncoding("utf8");
process.stdin.on("data", (chunk) => { input += chunk; });
process.stdin.on("end", () => {
  const statements = JSON.parse(input);
  const results = statements.map((statement) =>
    validate(statement).map((w) => ({
      path: (w.path || []).join("."),
      message: `${w.name}${w.typeName ? ` (expected ${w.typeName})` : ""}`,
    })),
  );
  process.stdout.write(JSON.stringify(results));
});
