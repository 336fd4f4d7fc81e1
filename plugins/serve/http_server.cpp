// The Beast server loop (http_server.hpp).
#include "http_server.hpp"

#include "interstice/sdk/error.hpp"
#include "interstice/sdk/logger.hpp"

#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/strand.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>

#include <atomic>
#include <chrono>
#include <filesystem>
#include <thread>
#include <vector>

namespace net = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
using tcp = net::ip::tcp;

namespace interstice::serve {
namespace {

constexpr std::uint32_t kHeaderLimit = 8 * 1024;  // a bigger request head is a 413
constexpr std::uint64_t kBodyLimit = 0;           // GET and HEAD carry no body
constexpr auto kTimeout = std::chrono::seconds(30);
constexpr const char* kCsp =
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; "
    "base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

bool is_loopback(const std::string& host) { return host == "127.0.0.1" || host == "::1" || host == "localhost"; }

/// The Host header values that name this server: the bound address (and `localhost` when it
/// is a loopback address), with the port; without it only on port 80.
bool host_allowed(std::string_view header, const std::string& bound, std::uint16_t port) {
  std::vector<std::string> names{bound.find(':') != std::string::npos ? "[" + bound + "]" : bound};
  if (is_loopback(bound)) names.insert(names.end(), {"localhost", "127.0.0.1"});
  for (const auto& name : names)
    if (header == name + ":" + std::to_string(port) || (port == 80 && header == name)) return true;
  return false;
}

/// The token from `?token=` or the `interstice_token` cookie.
bool token_ok(const http::request<http::empty_body>& request, const std::string& token) {
  if (token.empty()) return true;
  const std::string target(request.target());
  const std::string wanted = "token=" + token;
  const auto at = target.find('?');
  if (at != std::string::npos) {
    const std::string query = "&" + target.substr(at + 1) + "&";
    if (query.find("&" + wanted + "&") != std::string::npos) return true;
  }
  const std::string cookie(request[http::field::cookie]);
  return ("; " + cookie + ";").find("; interstice_token=" + token + ";") != std::string::npos;
}

template <typename Response>
void common_headers(Response& response, bool keep_alive) {
  response.set(http::field::server, "interstice-serve");
  response.set("Content-Security-Policy", kCsp);
  response.set("X-Content-Type-Options", "nosniff");
  response.set("Referrer-Policy", "no-referrer");
  response.set(http::field::cache_control, "no-store");
  response.keep_alive(keep_alive);
}

class Session : public std::enable_shared_from_this<Session> {
 public:
  Session(tcp::socket socket, const Routes& routes, const ServerOptions& options, std::atomic<std::uint64_t>& answered)
      : stream_(std::move(socket)), routes_(routes), options_(options), answered_(answered) {}

  void start() {
    net::dispatch(stream_.get_executor(), [self = shared_from_this()] { self->read(); });
  }

 private:
  void read() {
    parser_.emplace();
    parser_->header_limit(kHeaderLimit);
    parser_->body_limit(kBodyLimit);
    stream_.expires_after(kTimeout);
    http::async_read(stream_, buffer_, *parser_, [self = shared_from_this()](beast::error_code error, std::size_t) {
      self->on_read(error);
    });
  }

  void on_read(beast::error_code error) {
    if (error == http::error::end_of_stream || error == beast::error::timeout || error == net::error::operation_aborted)
      return close();
    // A POST with a body stops at the body limit (GET and HEAD have none) as soon as its
    // Content-Length is read, with the request line parsed: its method is the answer, not its
    // size. The body is unread, so the connection closes.
    if (error == http::error::body_limit && parser_->get().method() != http::verb::get &&
        parser_->get().method() != http::verb::head)
      return send_error(405, "only GET and HEAD are allowed", false);
    if (error == http::error::header_limit || error == http::error::body_limit || error == http::error::buffer_overflow)
      return send_error(413, "request too large", false);
    if (error) return send_error(400, "malformed request: " + error.message(), false);
    const auto& request = parser_->get();
    const bool keep_alive = request.keep_alive();
    if (request.method() != http::verb::get && request.method() != http::verb::head)
      return send_error(405, "only GET and HEAD are allowed", keep_alive);
    if (!host_allowed(request[http::field::host], options_.host, port_of()))
      return send_error(421, "the Host header does not name this server", false);
    if (!token_ok(request, options_.token)) return send_error(403, "a token is required (the URL printed at start)", false);
    Reply reply = routes_.get(request.target());
    respond(std::move(reply), request.method() == http::verb::head, keep_alive, request.target().find("token=") != beast::string_view::npos);
  }

  std::uint16_t port_of() { return stream_.socket().local_endpoint().port(); }

  void send_error(unsigned status, const std::string& message, bool keep_alive) {
    respond(error_reply(status, message), false, keep_alive, false);
  }

  void respond(Reply reply, bool head, bool keep_alive, bool set_cookie) {
    ++answered_;
    if (!reply.file.empty()) return respond_file(std::move(reply), head, keep_alive);
    auto response = std::make_shared<http::response<http::string_body>>(static_cast<http::status>(reply.status), 11);
    finish_headers(*response, reply, keep_alive, set_cookie);
    response->body() = std::move(reply.body);
    response->prepare_payload();
    if (head) response->body().clear();
    write(response);
  }

  void respond_file(Reply reply, bool head, bool keep_alive) {
    auto response = std::make_shared<http::response<http::file_body>>(static_cast<http::status>(reply.status), 11);
    beast::error_code error;
    response->body().open(reply.file.c_str(), beast::file_mode::scan, error);
    std::filesystem::remove(reply.file);  // open: the data stays readable until we close it
    if (error) return send_error(500, "cannot read the export: " + error.message(), false);
    finish_headers(*response, reply, keep_alive, false);
    response->prepare_payload();
    if (head) {
      auto empty = std::make_shared<http::response<http::empty_body>>(response->result(), 11);
      for (const auto& field : *response) empty->set(field.name_string(), field.value());
      return write(empty);
    }
    write(response);
  }

  template <typename Response>
  void finish_headers(Response& response, const Reply& reply, bool keep_alive, bool set_cookie) {
    common_headers(response, keep_alive);
    response.set(http::field::content_type, reply.content_type);
    for (const auto& [name, value] : reply.headers) response.set(name, value);
    if (set_cookie && !options_.token.empty())
      response.set(http::field::set_cookie, "interstice_token=" + options_.token + "; Path=/; HttpOnly; SameSite=Strict");
  }

  template <typename Response>
  void write(std::shared_ptr<Response> response) {
    stream_.expires_after(kTimeout);
    http::async_write(stream_, *response, [self = shared_from_this(), response](beast::error_code error, std::size_t) {
      if (error || !response->keep_alive()) return self->close();
      self->read();
    });
  }

  void close() {
    beast::error_code ignored;
    stream_.socket().shutdown(tcp::socket::shutdown_send, ignored);
  }

  beast::tcp_stream stream_;
  beast::flat_buffer buffer_;
  std::optional<http::request_parser<http::empty_body>> parser_;
  const Routes& routes_;
  const ServerOptions& options_;
  std::atomic<std::uint64_t>& answered_;
};

}  // namespace

struct HttpServer::State {
  State(const Routes& r, ServerOptions o) : routes(r), options(std::move(o)), io(static_cast<int>(options.threads)), acceptor(io) {}
  const Routes& routes;
  ServerOptions options;
  net::io_context io;
  tcp::acceptor acceptor;
  std::atomic<std::uint64_t> answered{0};

  void accept() {
    acceptor.async_accept(net::make_strand(io), [this](beast::error_code error, tcp::socket socket) {
      if (error == net::error::operation_aborted || !acceptor.is_open()) return;
      if (!error) std::make_shared<Session>(std::move(socket), routes, options, answered)->start();
      accept();
    });
  }
};

HttpServer::HttpServer(const Routes& routes, ServerOptions options) : state_(std::make_unique<State>(routes, std::move(options))) {
  auto& s = *state_;
  beast::error_code error;
  const auto address = net::ip::make_address(s.options.host == "localhost" ? "127.0.0.1" : s.options.host, error);
  if (error) throw sdk::Error::usage("--host " + s.options.host + ": not an IP address (" + error.message() + ")");
  const tcp::endpoint endpoint(address, s.options.port);
  s.acceptor.open(endpoint.protocol(), error);
  if (!error) s.acceptor.set_option(net::socket_base::reuse_address(true), error);
  if (!error) s.acceptor.bind(endpoint, error);
  if (!error) s.acceptor.listen(net::socket_base::max_listen_connections, error);
  if (error)
    throw sdk::Error::input("cannot listen on " + s.options.host + ":" + std::to_string(s.options.port) + ": " + error.message());
}

HttpServer::~HttpServer() = default;

std::uint16_t HttpServer::port() const { return state_->acceptor.local_endpoint().port(); }

std::uint64_t HttpServer::run(const std::function<bool()>& stop_requested) {
  auto& s = *state_;
  s.accept();
  net::steady_timer timer(s.io);
  std::function<void(beast::error_code)> poll = [&](beast::error_code) {
    if (stop_requested()) {
      beast::error_code ignored;
      s.acceptor.close(ignored);
      s.io.stop();
      return;
    }
    timer.expires_after(std::chrono::milliseconds(100));
    timer.async_wait(poll);
  };
  poll({});
  std::vector<std::thread> pool;
  for (unsigned i = 1; i < std::max(1u, s.options.threads); ++i) pool.emplace_back([&] { s.io.run(); });
  s.io.run();
  for (auto& thread : pool) thread.join();
  return s.answered.load();
}

}  // namespace interstice::serve
