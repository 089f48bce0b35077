// Encodes a Shelf, reads it back through the view and decode, prints what it
// read, and writes the message to argv[1] (for the karmem tool) when given;
// with argv[2], also prints what karmem::verify<Shelf> says of that file and
// whether it decodes to the same Shelf (a message another target wrote).
#include "bookshelf.karmem.h"

#include <cstdio>
#include <span>
#include <string_view>
#include <vector>
#include <type_traits>

static_assert(std::is_same_v<decltype(karmem::view<Shelf>(nullptr, 0, nullptr, 0).names()[0]), std::string_view>,
              "an element of a sequence of strings reads as std::string_view");

// Whether `bytes` decode (into a used value) to `in`.
static bool decodes_as(std::span<const std::byte> bytes, const Shelf &in) {
  Shelf out{};
  out.names = {"stale", "stale", "stale", "stale"};
  out.books = {{"stale", {"stale", "stale"}}};
  return karmem::decode(bytes, out) && out.names == in.names && out.few == in.few && out.pair == in.pair &&
         out.c_array[0].empty() && out.c_array[1] == "second" && out.texts == in.texts && out.books.size() == 2 &&
         out.books[0].title == "Dune" && out.books[0].authors == in.books[0].authors &&
         out.books[1].authors == in.books[1].authors && out.loose.words == in.loose.words && out.loose.count == 2;
}

static void print(const char *label, std::string_view s) { std::printf("%s '%.*s' ", label, int(s.size()), s.data()); }

int main(int argc, char **argv) {
  Shelf in{};
  in.names = {"ann", "", "bob"};
  in.few.push_back("x");
  in.few.push_back("yz");
  in.pair = {"left", "right"};
  in.c_array[1] = "second";
  in.texts = {Text("t1"), Text("t22")};
  in.books = {{"Dune", {"Herbert"}}, {"Omens", {"Pratchett", "Gaiman"}}};
  in.loose.words = {"a", "bc"};
  in.loose.count = 2;
  karmem::writer w;
  if (!karmem::encode(w, in))
    return 1;
  if (argc > 1) {
    std::FILE *f = std::fopen(argv[1], "wb");
    if (!f || std::fwrite(w.bytes().data(), 1, w.size(), f) != w.size() || std::fclose(f) != 0)
      return 2;
  }
  const auto v = karmem::view_root<Shelf>(w.bytes());
  std::printf("names %u ", unsigned(v.names().size()));
  for (std::string_view name : v.names())
    print("", name);
  print("| few", v.few()[1]);
  print("| pair", v.pair()[1]);
  print("| c_array", v.c_array()[1]);
  print("| texts", v.texts()[1]);
  print("| author", v.books()[1].authors()[1]);
  print("| loose", v.loose().words()[1]);
  print("| past the end", v.names()[3]);
  std::printf("\n");
  std::printf("decoded equal: %s\n", decodes_as(w.bytes(), in) ? "yes" : "no");
  const karmem::verify_result checked = karmem::verify<Shelf>(w.bytes());
  std::printf("verify: %s\n", checked ? "ok" : checked.message.c_str());
  if (argc > 2) {
    std::FILE *f = std::fopen(argv[2], "rb");
    if (!f)
      return 3;
    std::vector<std::byte> other;
    for (int c; (c = std::fgetc(f)) != EOF;)
      other.push_back(std::byte(c));
    std::fclose(f);
    const karmem::verify_result r = karmem::verify<Shelf>(other);
    std::printf("verify %s: %s%s%s\n", argv[2], r ? "ok" : r.path.c_str(), r ? "" : ": ", r.message.c_str());
    std::printf("%s decodes equal: %s\n", argv[2], decodes_as(other, in) ? "yes" : "no");
  }
}
