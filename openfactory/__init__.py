"""あやせ工場オープンファクトリー: editions, areas, programmes, reservations, reception."""
