// ValueType and the lookup helpers of ModuleSchema.
#include "interstice/sdk/schema.hpp"

#include <array>
#include <stdexcept>

namespace interstice::sdk {

namespace {
constexpr std::array<std::string_view, 12> kKindNames = {"Void", "U32", "U64",  "I32", "I64",    "F32",
                                                         "F64",  "Bool", "String", "Vec", "Option", "Row"};
}

std::string_view kind_name(ValueType::Kind kind) { return kKindNames.at(static_cast<std::size_t>(kind)); }

std::optional<ValueType::Kind> primitive_kind(std::string_view name) {
  for (std::size_t i = 0; i < kKindNames.size(); ++i) {
    auto kind = static_cast<ValueType::Kind>(i);
    if (kKindNames[i] == name && kind != ValueType::Kind::Vec && kind != ValueType::Kind::Option) return kind;
  }
  return std::nullopt;
}

ValueType ValueType::primitive(Kind kind) {
  if (kind == Kind::Vec || kind == Kind::Option) throw std::invalid_argument("Vec and Option need an element type");
  ValueType type;
  type.kind_ = kind;
  return type;
}

ValueType ValueType::vec(ValueType element) {
  ValueType type;
  type.kind_ = Kind::Vec;
  type.element_ = std::make_shared<const ValueType>(std::move(element));
  return type;
}

ValueType ValueType::option(ValueType element) {
  ValueType type;
  type.kind_ = Kind::Option;
  type.element_ = std::make_shared<const ValueType>(std::move(element));
  return type;
}

const ValueType& ValueType::element() const {
  if (!element_) throw std::logic_error("element() of a type that is not Vec or Option");
  return *element_;
}

std::string ValueType::to_string() const {
  if (!is_container()) return std::string(kind_name(kind_));
  return std::string(kind_name(kind_)) + "<" + element_->to_string() + ">";
}

bool operator==(const ValueType& a, const ValueType& b) {
  if (a.kind_ != b.kind_) return false;
  if (!a.is_container()) return true;
  return *a.element_ == *b.element_;
}

std::string_view to_string(Visibility visibility) {
  return visibility == Visibility::Public ? "Public" : "Private";
}

std::string_view to_string(SubscriptionEvent event) {
  switch (event) {
    case SubscriptionEvent::Insert: return "Insert";
    case SubscriptionEvent::Update: return "Update";
    case SubscriptionEvent::Delete: return "Delete";
  }
  return "?";
}

const TableSchema* ModuleSchema::find_table(std::string_view table) const {
  for (const auto& t : tables)
    if (t.name == table) return &t;
  return nullptr;
}

const ReducerSchema* ModuleSchema::find_reducer(std::string_view reducer) const {
  for (const auto& r : reducers)
    if (r.name == reducer) return &r;
  return nullptr;
}

}  // namespace interstice::sdk
