// Discriminant → value kind for each generation, transcribed from spec §4.4 (IntersticeValue)
// and §4.5 (IndexKey). Data, not a switch per generation: adding a generation is a new table row.
#include "generation.hpp"

#include <array>

namespace interstice::framed {

namespace {

using K = sdk::ValueKind;

// g1 (8b10d42…5c651f1): a nested Row at 9, no Tuple/Struct/Enum.
constexpr std::array kG1Values{K::Void, K::U32, K::U64,    K::I32, K::I64, K::F32,
                               K::F64,  K::Bool, K::String, K::Row, K::Vec, K::Option};
// g2 (43adf1a…c80211b): Row removed; Tuple, Struct, Enum appended.
constexpr std::array kG2Values{K::Void,   K::U32, K::U64,    K::I32,   K::I64,    K::F32,    K::F64,
                               K::Bool,   K::String, K::Vec, K::Option, K::Tuple, K::Struct, K::Enum};
// g3/g4 (db67dd0…): U8 inserted at 1, shifting everything after it.
constexpr std::array kG3Values{K::Void, K::U8,     K::U32, K::U64,    K::I32,   K::I64,    K::F32,   K::F64,
                               K::Bool, K::String, K::Vec, K::Option, K::Tuple, K::Struct, K::Enum};
// g4's Delete key.
constexpr std::array kIndexKeys{K::U8, K::U32, K::U64, K::I32, K::I64, K::Bool, K::String, K::Option, K::Tuple};

const KindTable kG1Table{"IntersticeValue", kG1Values};
const KindTable kG2Table{"IntersticeValue", kG2Values};
const KindTable kG3Table{"IntersticeValue", kG3Values};
const KindTable kIndexKeyTable{"IndexKey", kIndexKeys};

const std::array kGenerations{
    Generation{"framed-g1",
               "Interstice runtime log, commits 8b10d42..5c651f1 (2026-01-24..01-26): values with a nested Row",
               &kG1Table, &kG1Table},
    Generation{"framed-g2",
               "Interstice runtime log, commits 43adf1a..c80211b (2026-01-27..02-07): Tuple, Struct, Enum values",
               &kG2Table, &kG2Table},
    Generation{"framed-g3",
               "Interstice runtime log, commits db67dd0..80240ec (2026-02-07..02-09, crate v0.2.0): U8 values",
               &kG3Table, &kG3Table},
    Generation{"framed-g4",
               "Interstice runtime log, commits b0def89..9b66fee (2026-02-09..02-11): deletes carry an IndexKey",
               &kG3Table, &kIndexKeyTable},
};

}  // namespace

std::span<const Generation> generations() { return kGenerations; }

const Generation* find_generation(std::string_view id) {
  for (const auto& g : kGenerations)
    if (g.id == id) return &g;
  return nullptr;
}

}  // namespace interstice::framed
