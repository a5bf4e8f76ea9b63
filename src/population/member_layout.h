#pragma once
// Which ranks form which population member: member m is the world ranks [m * per_member, (m + 1) * per_member),
// its first rank the member's root (it writes the member's run folder). Thread-safe (a value).
namespace hypera::population {

struct MemberLayout {
  int members = 1;
  int ranks_per_member = 1;
  int member = 0;          // this rank's member
  int rank_in_member = 0;  // this rank within it
  int root_of(int m) const { return m * ranks_per_member; }
  bool is_member_root() const { return rank_in_member == 0; }
};

// The layout of `members` members over a world of `world_size` ranks, seen from `world_rank`. InputError naming
// option 'population.size' when the ranks do not divide evenly among the members.
MemberLayout member_layout(int world_size, int world_rank, int members);

}  // namespace hypera::population
