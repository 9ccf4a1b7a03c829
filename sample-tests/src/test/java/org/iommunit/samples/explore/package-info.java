/**
 * The explorer's campaign, the run behind {@code mvn -B -Pexplore verify}: {@code MAINLINE} in
 * check mode on every vendor (legal calls and misuse), and every other named profile in
 * differential mode against {@code MAINLINE} and in check mode, with a summary table, one file
 * per finding and a report under {@code target/iommunit-explore}. Read {@link
 * org.iommunit.samples.explore.Campaign} first; docs/explorer.md has the numbers.
 */
@NullMarked
package org.iommunit.samples.explore;

import org.jspecify.annotations.NullMarked;
