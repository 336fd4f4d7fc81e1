// ItemTexts: compact JSON items in one buffer, parsed one at a time when laid out.
#include "item_texts.hpp"

#include "interstice/sdk/error.hpp"

#include <boost/json/parse.hpp>

#include <algorithm>

namespace interstice::text_format {

namespace {
constexpr std::size_t kChunkBytes = std::size_t{1} << 20;
}

void ItemTexts::add(std::string_view compact_json) {
  if (chunks_.empty() || chunks_.back().size() + compact_json.size() > chunks_.back().capacity()) {
    chunks_.emplace_back();
    chunks_.back().reserve(std::max(kChunkBytes, compact_json.size()));
  }
  std::string& chunk = chunks_.back();
  spans_.push_back({chunks_.size() - 1, chunk.size(), chunk.size() + compact_json.size()});
  chunk.append(compact_json);
}

bool ItemTexts::all_scalars() const {
  for (const Span& span : spans_) {
    const std::string_view text = std::string_view(chunks_[span.chunk]).substr(span.begin, span.end - span.begin);
    const auto first = text.find_first_not_of(" \t\r\n");
    if (first != std::string_view::npos && (text[first] == '{' || text[first] == '[')) return false;
  }
  return true;
}

void ItemTexts::for_each(const std::function<void(const boost::json::value&)>& use) const {
  for (const Span& span : spans_) {
    boost::system::error_code ec;
    // As ResultWriter::item_json parses an item, so the values are the ones it would have kept.
    const boost::json::value value =
        boost::json::parse(std::string_view(chunks_[span.chunk]).substr(span.begin, span.end - span.begin), ec);
    if (ec) throw sdk::Error::internal("an item is not valid JSON: " + ec.message());
    use(value);
  }
}

void ItemTexts::clear() {
  std::vector<std::string>().swap(chunks_);
  std::vector<Span>().swap(spans_);
}

}  // namespace interstice::text_format
