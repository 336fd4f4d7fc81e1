// ValueType (including g2+ tuples and named user types) and the lookup helpers of ModuleSchema.
#include "interstice/sdk/schema.hpp"

#include <algorithm>
#include <array>
#include <stdexcept>

namespace interstice::sdk {

namespace {
constexpr std::array<std::string_view, 15> kKindNames = {"Void", "U8",     "U32", "U64",   "I32",  "I64",   "F32",  "F64",
                                                         "Bool", "String", "Vec", "Option", "Row", "Tuple", "Named"};

bool has_elements(ValueType::Kind kind) {
  return kind == ValueType::Kind::Vec || kind == ValueType::Kind::Option || kind == ValueType::Kind::Tuple;
}

const std::vector<ValueType>& no_elements() {
  static const std::vector<ValueType> empty;
  return empty;
}
}  // namespace

std::string_view kind_name(ValueType::Kind kind) { return kKindNames.at(static_cast<std::size_t>(kind)); }

std::optional<ValueType::Kind> primitive_kind(std::string_view name) {
  for (std::size_t i = 0; i < kKindNames.size(); ++i) {
    auto kind = static_cast<ValueType::Kind>(i);
    if (kKindNames[i] == name && !has_elements(kind) && kind != ValueType::Kind::Named) return kind;
  }
  return std::nullopt;
}

ValueType ValueType::primitive(Kind kind) {
  if (has_elements(kind) || kind == Kind::Named)
    throw std::invalid_argument("Vec, Option and Tuple need element types, Named a type name");
  ValueType type;
  type.kind_ = kind;
  return type;
}

ValueType ValueType::vec(ValueType element) {
  ValueType type;
  type.kind_ = Kind::Vec;
  type.elements_ = std::make_shared<const std::vector<ValueType>>(1, std::move(element));
  return type;
}

ValueType ValueType::option(ValueType element) {
  ValueType type;
  type.kind_ = Kind::Option;
  type.elements_ = std::make_shared<const std::vector<ValueType>>(1, std::move(element));
  return type;
}

ValueType ValueType::tuple(std::vector<ValueType> elements) {
  ValueType type;
  type.kind_ = Kind::Tuple;
  type.elements_ = std::make_shared<const std::vector<ValueType>>(std::move(elements));
  return type;
}

ValueType ValueType::named(std::string type_name) {
  ValueType type;
  type.kind_ = Kind::Named;
  type.name_ = std::move(type_name);
  return type;
}

const ValueType& ValueType::element() const {
  if (!is_container()) throw std::logic_error("element() of a type that is not Vec or Option");
  return elements_->front();
}

const std::vector<ValueType>& ValueType::elements() const noexcept {
  return kind_ == Kind::Tuple ? *elements_ : no_elements();
}

std::string ValueType::to_string() const {
  switch (kind_) {
    case Kind::Vec:
    case Kind::Option: return std::string(kind_name(kind_)) + "<" + element().to_string() + ">";
    case Kind::Tuple: {
      std::string text = "(";
      for (const auto& element : *elements_) text += (text.size() > 1 ? ", " : "") + element.to_string();
      return text + ")";
    }
    case Kind::Named: return name_;
    default: return std::string(kind_name(kind_));
  }
}

bool operator==(const ValueType& a, const ValueType& b) {
  if (a.kind_ != b.kind_ || a.name_ != b.name_) return false;
  if (!has_elements(a.kind_)) return true;
  return *a.elements_ == *b.elements_;
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

const TypeDefinition* ModuleSchema::find_type(std::string_view type_name) const {
  auto it = std::lower_bound(type_definitions.begin(), type_definitions.end(), type_name,
                             [](const TypeDefinition& d, std::string_view name) { return d.name < name; });
  return it != type_definitions.end() && it->name == type_name ? &*it : nullptr;
}

}  // namespace interstice::sdk
