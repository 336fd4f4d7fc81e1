// The HTTP/1.1 loop of `interstice serve` (Boost.Beast): accepts on one address, reads each
// request with size limits and timeouts, applies the security rules (GET/HEAD only, the Host
// header must name the bound address, the optional token, no CORS, a strict CSP on every
// reply) and hands the target to the route table. I/O is asynchronous on a small thread pool, so
// a slow or vanished client only holds its own connection until its timeout.
#pragma once

#include "routes.hpp"

#include <cstdint>
#include <functional>
#include <memory>
#include <string>

namespace interstice::serve {

struct ServerOptions {
  std::string host = "127.0.0.1";
  std::uint16_t port = 8080;  ///< 0: any free port
  std::string token;          ///< when set, every request must carry it (?token= or the cookie)
  unsigned threads = 4;
};

class HttpServer {
 public:
  /// Binds now (so the port is known); throws `Error::input` when the address cannot be bound.
  HttpServer(const Routes& routes, ServerOptions options);
  ~HttpServer();
  std::uint16_t port() const;
  /// Serves until `stop_requested` (polled ten times a second) returns true. Returns the number
  /// of requests answered.
  std::uint64_t run(const std::function<bool()>& stop_requested);

 private:
  struct State;
  std::unique_ptr<State> state_;
};

}  // namespace interstice::serve
