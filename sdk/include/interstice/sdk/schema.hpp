// The Interstice module schema: tables, reducers and subscriptions, as the runtime describes a
// WASM module. Shared by every plugin that reads schemas or checks logs against them.
#pragma once

#include "interstice/sdk/abi.hpp"

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace interstice::sdk {

/// An `IntersticeType`: a primitive, `Vec<T>`, `Option<T>` or `Row`.
class INTERSTICE_SDK_API ValueType {
 public:
  /// Declaration order of the runtime's `IntersticeType` (not the value tags of the log format).
  enum class Kind : std::uint8_t { Void, U32, U64, I32, I64, F32, F64, Bool, String, Vec, Option, Row };

  ValueType() = default;  // Void
  static ValueType primitive(Kind kind);  ///< any kind but Vec and Option
  static ValueType vec(ValueType element);
  static ValueType option(ValueType element);

  Kind kind() const noexcept { return kind_; }
  bool is_container() const noexcept { return kind_ == Kind::Vec || kind_ == Kind::Option; }
  /// The element type of a Vec or Option.
  const ValueType& element() const;

  /// "U64", "Vec<String>", "Option<Vec<U32>>"
  std::string to_string() const;

  friend INTERSTICE_SDK_API bool operator==(const ValueType& a, const ValueType& b);

 private:
  Kind kind_ = Kind::Void;
  std::shared_ptr<const ValueType> element_;
};

/// The serde name of a kind ("U64", "Vec", ...).
INTERSTICE_SDK_API std::string_view kind_name(ValueType::Kind kind);
/// The primitive kind named `name` ("U32", "Row", ...); nullopt for containers and unknown names.
INTERSTICE_SDK_API std::optional<ValueType::Kind> primitive_kind(std::string_view name);

struct Column {
  std::string name;
  ValueType type;
};

enum class Visibility { Public, Private };
enum class SubscriptionEvent { Insert, Update, Delete };

INTERSTICE_SDK_API std::string_view to_string(Visibility visibility);
INTERSTICE_SDK_API std::string_view to_string(SubscriptionEvent event);

struct TableSchema {
  std::string name;
  Visibility visibility = Visibility::Public;
  std::vector<Column> entries;  ///< the non-key columns, in order
  Column primary_key;
};

struct ReducerSchema {
  std::string name;
  std::vector<Column> arguments;
  ValueType return_type;
};

struct Subscription {
  std::string module_name;
  std::string table_name;
  std::string reducer_name;
  SubscriptionEvent event = SubscriptionEvent::Insert;

  friend bool operator==(const Subscription&, const Subscription&) = default;
};

/// The module's semantic version; each component is a u16 in the runtime.
struct SchemaVersion {
  std::uint16_t major = 0;
  std::uint16_t minor = 0;
  std::uint16_t patch = 0;

  std::string to_string() const { return std::to_string(major) + "." + std::to_string(minor) + "." + std::to_string(patch); }
  friend auto operator<=>(const SchemaVersion&, const SchemaVersion&) = default;
};

struct ModuleSchema {
  std::uint32_t abi_version = 0;
  std::string name;
  SchemaVersion version;
  std::vector<ReducerSchema> reducers;
  std::vector<TableSchema> tables;
  std::vector<Subscription> subscriptions;

  INTERSTICE_SDK_API const TableSchema* find_table(std::string_view table) const;
  INTERSTICE_SDK_API const ReducerSchema* find_reducer(std::string_view reducer) const;
};

}  // namespace interstice::sdk
