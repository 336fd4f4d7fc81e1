// The host's side of the plugin scanner: spawn it on a list of files, read one JSON line per file
// from its answer pipe, and when it dies or stops answering, blame the file it was on and start
// a new one on the rest. Its stdout goes to /dev/null (a plugin printing at load time cannot
// reach anyone's output); its stderr is kept to quote the last thing a dying plugin said.
#include "plugin_prober.hpp"
#include "plugin_scanner_protocol.hpp"
#include "probe_json.hpp"

#include <boost/json/parse.hpp>
#include <fmt/format.h>

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <optional>
#include <span>
#include <string_view>
#include <system_error>

extern char** environ;

namespace fs = std::filesystem;

namespace interstice::host {

fs::path default_plugin_scanner() {
  std::error_code ec;
  fs::path exe = fs::canonical("/proc/self/exe", ec);
  if (ec) return {};
  return exe.parent_path().parent_path() / INTERSTICE_LIBEXECDIR / "interstice" / "interstice-plugin-scanner";
}

namespace {

using Clock = std::chrono::steady_clock;

class Descriptor {
 public:
  Descriptor() = default;
  ~Descriptor() { reset(); }
  Descriptor(const Descriptor&) = delete;
  Descriptor& operator=(const Descriptor&) = delete;
  int get() const { return fd_; }
  void reset(int fd = -1) {
    if (fd_ >= 0) ::close(fd_);
    fd_ = fd;
  }

 private:
  int fd_ = -1;
};

// Both ends close-on-exec and numbered above the scanner's answer descriptor, so dup2 onto 2
// and 3 in the child always makes a fresh, inheritable copy.
struct Pipe {
  Pipe() {
    int ends[2];
    if (::pipe2(ends, O_CLOEXEC) != 0) throw std::system_error(errno, std::generic_category(), "pipe");
    read.reset(::fcntl(ends[0], F_DUPFD_CLOEXEC, kScannerAnswerFd + 1));
    write.reset(::fcntl(ends[1], F_DUPFD_CLOEXEC, kScannerAnswerFd + 1));
    ::close(ends[0]);
    ::close(ends[1]);
    if (read.get() < 0 || write.get() < 0) throw std::system_error(errno, std::generic_category(), "fcntl");
  }
  Descriptor read, write;
};

/// The last non-empty line a plugin wrote to stderr, shortened: the scanner's last words.
std::string last_words(std::string_view err) {
  while (!err.empty() && (err.back() == '\n' || err.back() == ' ' || err.back() == '\r')) err.remove_suffix(1);
  if (auto newline = err.rfind('\n'); newline != std::string_view::npos) err.remove_prefix(newline + 1);
  while (!err.empty() && err.front() == ' ') err.remove_prefix(1);
  if (err.size() > 200) err = err.substr(0, 200);
  std::string text;
  for (char c : err) text += (static_cast<unsigned char>(c) < 0x20 || c == 0x7f) ? '?' : c;
  return text.empty() ? text : "; its last words on stderr: " + text;
}

std::string death_reason(int status) {
  if (WIFSIGNALED(status)) {
    int signal = WTERMSIG(status);
    const char* name = ::sigabbrev_np(signal);
    return fmt::format("it killed the plugin scanner with signal {} ({}) while loading",
                       name ? fmt::format("SIG{}", name) : std::to_string(signal), ::strsignal(signal));
  }
  if (WIFEXITED(status))
    return fmt::format("it ended the plugin scanner with exit status {} while loading", WEXITSTATUS(status));
  return "the plugin scanner stopped while loading it";
}

/// One scanner child: the records it answered for `files`, in order, and why it stopped early.
struct ScannerRun {
  std::vector<PluginRecord> answered;
  std::string failure;      ///< blames files[answered.size()] when it is not the end
  bool cannot_run = false;  ///< the scanner itself could not be started: no point retrying
};

class ScannerChild {
 public:
  ScannerChild(const fs::path& scanner, std::span<const fs::path> files, std::chrono::milliseconds timeout)
      : files_(files), timeout_(timeout) {
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_addopen(&actions, STDIN_FILENO, "/dev/null", O_RDONLY, 0);
    posix_spawn_file_actions_addopen(&actions, STDOUT_FILENO, "/dev/null", O_WRONLY, 0);
    posix_spawn_file_actions_adddup2(&actions, errors_.write.get(), STDERR_FILENO);
    posix_spawn_file_actions_adddup2(&actions, answers_.write.get(), kScannerAnswerFd);
    std::vector<std::string> args{scanner.string()};
    for (const auto& file : files) args.push_back(file.string());
    std::vector<char*> argv;
    for (auto& arg : args) argv.push_back(arg.data());
    argv.push_back(nullptr);
    int error = ::posix_spawn(&pid_, scanner.c_str(), &actions, nullptr, argv.data(), environ);
    posix_spawn_file_actions_destroy(&actions);
    answers_.write.reset();
    errors_.write.reset();
    if (error != 0) {
      pid_ = -1;
      run_.cannot_run = true;
      run_.failure = fmt::format("the plugin scanner {} cannot be run: {}", scanner.string(), std::strerror(error));
    }
  }

  ~ScannerChild() {
    if (pid_ > 0) {
      ::kill(pid_, SIGKILL);
      int status = 0;
      while (::waitpid(pid_, &status, 0) < 0 && errno == EINTR) {
      }
    }
  }

  ScannerRun run() {
    if (pid_ < 0) return std::move(run_);
    auto deadline = Clock::now() + timeout_;
    bool timed_out = false;
    while (answers_.read.get() >= 0 && run_.answered.size() < files_.size() && run_.failure.empty()) {
      auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now()).count();
      if (left <= 0) {
        timed_out = true;
        break;
      }
      pollfd fds[2] = {{answers_.read.get(), POLLIN, 0}, {errors_.read.get(), POLLIN, 0}};
      if (::poll(fds, 2, static_cast<int>(left)) < 0) {
        if (errno == EINTR) continue;
        throw std::system_error(errno, std::generic_category(), "poll");
      }
      if (fds[0].revents && read_answers()) deadline = Clock::now() + timeout_;
      if (fds[1].revents) read_errors();
    }
    if (run_.answered.size() < files_.size() && run_.failure.empty()) {
      if (timed_out) {
        run_.failure = fmt::format("it did not finish loading within {:g} s (the plugin scanner was stopped)",
                                   std::chrono::duration<double>(timeout_).count());
      } else {
        int status = reap();
        drain_errors();
        run_.failure = death_reason(status) + last_words(errors_text_);
      }
    }
    return std::move(run_);
  }

 private:
  /// Reads what is there; true when at least one answer was complete.
  bool read_answers() {
    char buffer[4096];
    ssize_t n = ::read(answers_.read.get(), buffer, sizeof buffer);
    if (n <= 0) {
      if (n < 0 && errno == EINTR) return false;
      answers_.read.reset();
      return false;
    }
    answer_text_.append(buffer, static_cast<std::size_t>(n));
    bool progressed = false;
    for (std::size_t newline; (newline = answer_text_.find('\n')) != std::string::npos;) {
      std::string line = answer_text_.substr(0, newline);
      answer_text_.erase(0, newline + 1);
      if (run_.answered.size() == files_.size() || !accept(line)) {
        run_.failure = "it wrote into the plugin scanner's answers while loading";
        return progressed;
      }
      errors_text_.clear();  // what follows is the next file's
      progressed = true;
    }
    return progressed;
  }

  bool accept(const std::string& line) {
    PluginRecord record;
    record.path = files_[run_.answered.size()];
    try {
      const auto answer = boost::json::parse(line).as_object();
      if (answer.at("path").as_string() != record.path.string()) return false;
      probe_from_json(answer.at("probe").as_object(), record);
    } catch (const std::exception&) {
      return false;
    }
    run_.answered.push_back(std::move(record));
    return true;
  }

  void read_errors() {
    char buffer[4096];
    ssize_t n = ::read(errors_.read.get(), buffer, sizeof buffer);
    if (n == 0 || (n < 0 && errno != EINTR)) {
      errors_.read.reset();
      return;
    }
    if (n > 0) errors_text_.append(buffer, static_cast<std::size_t>(n));
    if (errors_text_.size() > 65536) errors_text_.erase(0, errors_text_.size() - 4096);
  }

  // After the child is gone its last words are in the pipe, unless something it started keeps
  // the pipe open: wait a moment, not for ever.
  void drain_errors() {
    while (errors_.read.get() >= 0) {
      pollfd fd{errors_.read.get(), POLLIN, 0};
      if (::poll(&fd, 1, 100) <= 0) return;
      read_errors();
    }
  }

  int reap() {
    int status = 0;
    while (::waitpid(pid_, &status, 0) < 0 && errno == EINTR) {
    }
    pid_ = -1;
    return status;
  }

  std::span<const fs::path> files_;
  std::chrono::milliseconds timeout_;
  Pipe answers_, errors_;
  pid_t pid_ = -1;
  ScannerRun run_;
  std::string answer_text_, errors_text_;
};

PluginRecord rejected(const fs::path& file, std::string reason) {
  PluginRecord record;
  record.path = file;
  record.id = file.stem().string();
  record.reason = std::move(reason);
  return record;
}

}  // namespace

std::vector<PluginRecord> probe_plugins(const fs::path& scanner, const std::vector<fs::path>& files,
                                        std::chrono::milliseconds per_file_timeout) {
  std::vector<PluginRecord> records;
  std::span<const fs::path> left(files);
  while (!left.empty()) {
    ScannerRun run = ScannerChild(scanner, left, per_file_timeout).run();
    left = left.subspan(run.answered.size());
    for (auto& record : run.answered) records.push_back(std::move(record));
    if (left.empty()) break;
    if (run.cannot_run) {
      for (const auto& file : left) {
        records.push_back(rejected(file, run.failure));
        records.back().probe_failed = true;
      }
      break;
    }
    records.push_back(rejected(left.front(), run.failure));
    left = left.subspan(1);
  }
  return records;
}

}  // namespace interstice::host
