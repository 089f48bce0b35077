#include "sequences.karmem.h"
#include <cstdio>
int main() {
  Bag in{};
  in.items = {{10, "rope"}, {25, "lamp"}};
  in.kinds = {Kind::Sword, Kind::None, Kind::Bow};
  in.few.push_back({1, "coin"});
  in.more_kinds = {Kind::Bow};
  in.best[1] = {7, "gem"};
  in.note = "ok";
  in.flags = {true, false, true};
  in.raw = {std::byte{0xab}};
  karmem::writer w;
  if (!karmem::encode(w, in))
    return 1;
  auto v = karmem::view_root<Bag>(w.bytes());
  Bag out{};
  karmem::decode(w.bytes(), out);
  std::printf("items %u %.*s %d | kinds %u | few %u | best %d | flags %u%u%u | raw %x\n",
              unsigned(v.items().size()), int(v.items()[1].label().size()),
              v.items()[1].label().data(), v.items()[0].weight(), unsigned(v.kinds()[2]),
              unsigned(v.few().size()), v.best()[1].weight(), unsigned(out.flags[0]),
              unsigned(out.flags[1]), unsigned(out.flags[2]), unsigned(out.raw[0]));
  std::printf("decoded equal: %s\n",
              out.items[1].label == "lamp" && out.kinds[0] == Kind::Sword &&
                      out.few.size() == 1 && out.few[0].label == "coin" &&
                      out.more_kinds.size() == 1 && out.best[1].label == "gem" && out.note == "ok"
                  ? "yes"
                  : "no");
}
