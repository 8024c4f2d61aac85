-- Moderation of listings: the bureau withholds a listing with a reason its seller reads. A
-- withheld listing is hidden (`hidden_at`) and its page is gone until an operator releases it;
-- its seller can't offer it again meanwhile.
ALTER TABLE products ADD COLUMN withheld_reason TEXT CHECK (length(withheld_reason) BETWEEN 1 AND 500);
