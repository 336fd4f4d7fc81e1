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

/// An `IntersticeType`: a primitive, `Vec<T>`, `Option<T>`, a tuple `(T, U, ...)`, `Row`, or a
/// user-defined struct or enum named by the module's `type_definitions` (the runtime's g2+ `Named`).
class INTERSTICE_SDK_API ValueType {
 public:
  /// The runtime's `IntersticeType` variants (not the value tags of a log format); `U8` is g3's.
  enum class Kind : std::uint8_t { Void, U8, U32, U64, I32, I64, F32, F64, Bool, String, Vec, Option, Row, Tuple, Named };

  ValueType() = default;  // Void
  static ValueType primitive(Kind kind);  ///< any kind but Vec, Option, Tuple and Named
  static ValueType vec(ValueType element);
  static ValueType option(ValueType element);
  static ValueType tuple(std::vector<ValueType> elements);
  static ValueType named(std::string type_name);  ///< a struct or enum of the module's type_definitions

  Kind kind() const noexcept { return kind_; }
  bool is_container() const noexcept { return kind_ == Kind::Vec || kind_ == Kind::Option; }
  /// The element type of a Vec or Option.
  const ValueType& element() const;
  /// A tuple's element types (empty for every other kind).
  const std::vector<ValueType>& elements() const noexcept;
  /// The type name of a Named type (empty for every other kind).
  const std::string& type_name() const noexcept { return name_; }

  /// "U64", "Vec<String>", "Option<Vec<U32>>", "(U32, String)", "Point"
  std::string to_string() const;

  friend INTERSTICE_SDK_API bool operator==(const ValueType& a, const ValueType& b);

 private:
  Kind kind_ = Kind::Void;
  std::shared_ptr<const std::vector<ValueType>> elements_;  // Vec/Option: one; Tuple: each
  std::string name_;
};

/// The serde name of a kind ("U64", "Vec", "Named", ...).
INTERSTICE_SDK_API std::string_view kind_name(ValueType::Kind kind);
/// The primitive kind named `name` ("U32", "Row", ...); nullopt for Vec, Option, Tuple, Named and unknown names.
INTERSTICE_SDK_API std::optional<ValueType::Kind> primitive_kind(std::string_view name);

struct Column {
  std::string name;
  ValueType type;
  friend bool operator==(const Column&, const Column&) = default;
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

/// A user-defined type of the module (`IntersticeTypeDef`): a struct's fields or an enum's
/// variants, each a name and a type (a unit variant's type is Void).
struct TypeDefinition {
  enum class Kind { Struct, Enum };
  Kind kind = Kind::Struct;
  std::string name;
  std::vector<Column> members;  ///< fields (Struct) or variants (Enum), in declaration order
  friend bool operator==(const TypeDefinition&, const TypeDefinition&) = default;
};

struct ModuleSchema {
  std::uint32_t abi_version = 0;
  std::string name;
  SchemaVersion version;
  std::vector<ReducerSchema> reducers;
  std::vector<TableSchema> tables;
  std::vector<Subscription> subscriptions;
  std::vector<TypeDefinition> type_definitions;  ///< sorted by name (JSON holds them as a map)

  INTERSTICE_SDK_API const TableSchema* find_table(std::string_view table) const;
  INTERSTICE_SDK_API const ReducerSchema* find_reducer(std::string_view reducer) const;
  INTERSTICE_SDK_API const TypeDefinition* find_type(std::string_view type_name) const;
};

}  // namespace interstice::sdk
