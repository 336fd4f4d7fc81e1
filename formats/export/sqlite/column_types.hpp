// How an Interstice column becomes an SQLite column: the declared type of the state tables'
// columns, and how one value is bound into it. The mapping (documented for users in the
// exporter's header comment, sqlite_exporter.cpp):
//
//   U32, I32, I64, Bool   INTEGER (Bool as 0/1)
//   U8                    INTEGER
//   U64                   no declared type: INTEGER, or exact decimal TEXT for the whole column
//                         when one value exceeds 2^63-1 (state_tables.cpp converts it at the end)
//   F32, F64              REAL (F32 widened exactly to double)
//   String                TEXT (every byte kept, NULs included)
//   Void                  no declared type, always NULL
//   Vec, Row, tuples,     TEXT: the value's serde JSON (`{"Vec":[{"U32":1}]}`,
//   structs, enums          `{"Struct":{"name":"P","fields":[...]}}`)
//   Option<T>             T's column, NULL for None, when T is neither Void nor Option;
//                         otherwise TEXT holding the whole Option's serde JSON (NULL alone
//                         could not tell None from Some(Void) or Some(None))
//
// Why U64 has no declared type: SQLite integers are signed 64-bit, and a column declared
// INTEGER converts any text that looks like a larger integer into a lossy REAL, so
// 18446744073659551615 and 18446744073659551617 (game.players keys) would both become
// 1.84467440736596e+19 and collide. A column without a declared type keeps each value's storage
// class, so the large values stay exact as TEXT. A column mixing INTEGER and TEXT would make SUM
// a float and comparisons depend on the row, so once a column holds one such value all of it is
// TEXT: one storage class per column, exact either way. (A wrapped, negative int64 would also be
// exact, but would print and sort as a different number, and `id > 1000` would silently leave
// those rows out.)
#pragma once

#include "interstice/sdk/schema.hpp"
#include "interstice/sdk/value.hpp"

#include <string>

namespace interstice::sqlite_export {

class Statement;

struct ColumnPlan {
  std::string declared_type;   ///< "INTEGER", "REAL", "TEXT" or "" (none)
  bool unwrap_option = false;  ///< an Option<T> column stored as T, None as NULL
};

/// The column for `type`. A primary key is never unwrapped: a key column holds no NULLs (an
/// INTEGER PRIMARY KEY would even replace a NULL with a fresh rowid).
ColumnPlan plan_column(const sdk::ValueType& type, bool primary_key = false);

/// Binds `value` at parameter `index` by the value's own kind, so a value that departs from the
/// schema is stored as what it is rather than lost: integers as INTEGER (U64 as
/// `Statement::bind_u64`), floats as REAL, strings as TEXT, Void as NULL, everything else as
/// its serde JSON text. `plan` decides only whether an Option is unwrapped.
void bind_value(Statement& statement, int index, const sdk::Value& value, const ColumnPlan& plan);

}  // namespace interstice::sqlite_export
