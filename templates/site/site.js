// Sort the memos by review date: soonest first, then latest first; memos without one last.
const button = document.getElementById("sort-review");
const header = button.closest("th");
button.addEventListener("click", () => {
  const soonest = header.getAttribute("aria-sort") !== "ascending";
  header.setAttribute("aria-sort", soonest ? "ascending" : "descending");
  const body = document.querySelector("#memos tbody");
  const key = (row) => row.dataset.review || (soonest ? "9999" : "0000");
  [...body.rows].sort((a, b) => key(a).localeCompare(key(b)) * (soonest ? 1 : -1))
    .forEach((row) => body.append(row));
});
