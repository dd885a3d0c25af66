//! The front door, tried as a new user would (issue 18) and as an unlucky team would
//! (issue 19's merge driver git cannot run): the verdict of a closed pipe, the merge driver
//! without `backlog` on git's PATH, writes refused while the index holds the backlog
//! unmerged, a backlog found at a non-default place, a backlog/ symlinked out of the
//! repository, and every console block of the README replayed or marked.

mod driver;
mod location;
mod pipe;
mod readme;
