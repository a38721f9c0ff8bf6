-- An assignment the site refused for good (issue 11): the reason is kept with the row the
-- site's own assignment was put back into, so the window says why the choice did not stand
-- instead of showing a name the site never took. NULL: nothing was refused.
ALTER TABLE desk_assignment ADD COLUMN refused TEXT;
