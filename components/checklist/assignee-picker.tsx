"use client";

import { useMemo, useState } from "react";
import { Combobox } from "@/components/ui/combobox";
import type { ChecklistItemDto } from "@/lib/schemas/checklist";

/** Who an item can be assigned to: the email tells two people of one name apart. */
export type Assignee = { id: string; name: string; email: string };

/** The item's assignee, searchable by name or email; submitted with the form as assigneeId. */
export function AssigneePicker({
  id,
  item,
  people,
}: {
  id: string;
  item: ChecklistItemDto;
  people: Assignee[];
}) {
  const [value, setValue] = useState(item.assigneeId ?? "");
  const options = useMemo(
    () => [
      { value: "", label: "nobody" },
      ...people.map((p) => ({ value: p.id, label: p.name, detail: p.email })),
    ],
    [people],
  );
  return (
    <Combobox
      id={id}
      name="assigneeId"
      options={options}
      value={value}
      onChange={setValue}
      placeholder="Search people"
    />
  );
}
